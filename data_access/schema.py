"""Every table of the application: importing this module registers all model modules on Base.

Migrations (env.py) and the drift test use `Base.metadata` from here, so a model module that is
not imported here would be invisible to them.
"""
import data_access.meeting_models  # noqa: F401
import data_access.tasks.models  # noqa: F401
from data_access.models import Base  # noqa: F401
