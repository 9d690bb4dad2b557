"""The runtime shared by every generated venue client.

Hand-written and tested in the generator's repository, copied as it is into each generated
package, so that vendoring ``venues/`` is all a user needs to do.
"""

from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConnectionClosedError,
    DecodeError,
    RateLimitError,
    RequestValidationError,
    ResponseError,
    ServerError,
    VenueError,
)
from .model import OpenEnum, VenueModel
from .secrets import Secret
from .types import PreciseDatetime, Timestamp, Uint64String, UnixMillis

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConnectionClosedError",
    "DecodeError",
    "OpenEnum",
    "PreciseDatetime",
    "RateLimitError",
    "RequestValidationError",
    "ResponseError",
    "Secret",
    "ServerError",
    "Timestamp",
    "Uint64String",
    "UnixMillis",
    "VenueError",
    "VenueModel",
]
