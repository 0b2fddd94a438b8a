// SHA-256 for the log's hash chain, from the system's OpenSSL libcrypto (SHA-NI where the
// CPU has it). The low-level SHA256_* calls keep the context on the stack: no allocation
// per record, which matters when a million records are verified on every start.
#ifndef ENGAGE_CCHAINHASH_SHIM_H
#define ENGAGE_CCHAINHASH_SHIM_H

#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <stddef.h>
#include <stdint.h>
#include <openssl/sha.h>

/// out = SHA-256(previous[0..<32] ‖ body[0..<length])
static inline void engage_chain_hash(const uint8_t *previous, const void *body, size_t length, uint8_t *out) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, previous, 32);
    SHA256_Update(&context, body, length);
    SHA256_Final(out, &context);
}

/// SHA-256 of bytes given in pieces (a file read a few megabytes at a time).
static inline void engage_sha256_start(SHA256_CTX *context) { SHA256_Init(context); }
static inline void engage_sha256_add(SHA256_CTX *context, const void *bytes, size_t length) { SHA256_Update(context, bytes, length); }
static inline void engage_sha256_finish(SHA256_CTX *context, uint8_t *out) { SHA256_Final(out, context); }

#endif
