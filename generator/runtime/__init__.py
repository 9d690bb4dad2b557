"""The runtime shared by every generated venue client.

Hand-written and tested in the generator's repository, copied as it is into each generated
package, so that vendoring ``venues/`` is all a user needs to do.
"""

from .decoding.model import OpenEnum, VenueModel
from .decoding.types import PreciseDatetime, Timestamp, Uint64String, UnixMillis
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
from .secrets import Secret

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
