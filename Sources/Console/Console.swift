import Engagement
