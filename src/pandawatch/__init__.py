"""pandawatch: a sourced, time-aware record of China's panda diplomacy, kept current from the news."""

import logging

__version__ = "0.1.0"
__all__ = ["__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
