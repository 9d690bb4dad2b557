"""The venues whose open orders this package lists in one shape (``fetch_open_orders``), with
what a tool needs to build their clients (the ``venues open-orders`` command uses it).

Generated from the specs' ``unified:`` sections. Do not edit: run `make generate`.
"""

from __future__ import annotations

from ._runtime.unified import CredentialInfo, ParameterInfo, VenueEntry
from .b2trader.websocket_signalr import AsyncB2TraderClient
from .backpack.client import AsyncBackpackClient, BackpackClient
from .binance.client import AsyncBinanceClient, BinanceClient
from .bitso.client import AsyncBitsoClient, BitsoClient
from .derive.client import AsyncDeriveClient, DeriveClient
from .derive_v3.client import AsyncDeriveV3Client, DeriveV3Client
from .kraken.client import AsyncKrakenClient, KrakenClient
from .synthetix.websocket_request import AsyncSynthetixClient, SynthetixClient

__all__ = ["VENUES"]

VENUES: dict[str, VenueEntry] = {
    "b2trader": VenueEntry(
        id="b2trader",
        title="B2Trader",
        async_client=AsyncB2TraderClient,
        sync_client=None,
        credentials=(
            CredentialInfo(
                "access_token",
                "The trader's JWT access token, obtained from the broker's client portal. It expires, so it may also be given as a function returning a fresh token for each connection.",
                secret=True,
                callable=True,
            ),
        ),
        server_variables=(
            ParameterInfo(
                "host", "The broker's platform host (white-label, per broker).", required=True
            ),
        ),
        fetch_parameters=(
            ParameterInfo(
                "account_id",
                "The trading account's identifier (accountId), as a string.",
                required=True,
                type="string",
            ),
        ),
        symbol_filter=None,
    ),
    "backpack": VenueEntry(
        id="backpack",
        title="Backpack",
        async_client=AsyncBackpackClient,
        sync_client=BackpackClient,
        credentials=(
            CredentialInfo(
                "api_key",
                "Base64 of the 32-byte ED25519 public key (sent as X-API-Key).",
                secret=False,
                callable=False,
            ),
            CredentialInfo(
                "api_secret",
                "Base64 of the 32-byte ED25519 seed that signs requests.",
                secret=True,
                callable=False,
            ),
        ),
        server_variables=(),
        fetch_parameters=(
            ParameterInfo(
                "market_type",
                "The market for the orders (SPOT or PERP).",
                required=False,
                type="string",
            ),
            ParameterInfo(
                "symbol", "The symbol of the market for the orders.", required=False, type="string"
            ),
        ),
        symbol_filter="symbol",
    ),
    "binance": VenueEntry(
        id="binance",
        title="Binance",
        async_client=AsyncBinanceClient,
        sync_client=BinanceClient,
        credentials=(
            CredentialInfo(
                "api_key",
                "The API key (an HMAC key), sent as X-MBX-APIKEY.",
                secret=False,
                callable=False,
            ),
            CredentialInfo(
                "api_secret",
                "The secret key paired with the API key; it signs every request.",
                secret=True,
                callable=False,
            ),
        ),
        server_variables=(),
        fetch_parameters=(
            ParameterInfo(
                "symbol",
                "The symbol (for example LTCBTC); without it, open orders of all symbols.",
                required=False,
                type="string",
            ),
            ParameterInfo(
                "recv_window",
                "How many milliseconds after `timestamp` the request is valid; it cannot be greater than 60000 and may have up to three decimal places.",
                required=False,
                type="number",
            ),
        ),
        symbol_filter="symbol",
    ),
    "bitso": VenueEntry(
        id="bitso",
        title="Bitso",
        async_client=AsyncBitsoClient,
        sync_client=BitsoClient,
        credentials=(
            CredentialInfo(
                "api_key",
                "The API key shown in Bitso's API settings.",
                secret=False,
                callable=False,
            ),
            CredentialInfo(
                "api_secret", "The API secret paired with the key.", secret=True, callable=False
            ),
        ),
        server_variables=(),
        fetch_parameters=(
            ParameterInfo(
                "book",
                "Specifies the book to search (for example btc_mxn).",
                required=False,
                type="string",
            ),
            ParameterInfo(
                "currency",
                "Specifies the currency by which to filter the orders (minor or major).",
                required=False,
                type="string",
            ),
            ParameterInfo(
                "source",
                "Sets a filter on the type of orders returned. If set to alpha, retail orders are excluded from the response.",
                required=False,
                type="string",
            ),
        ),
        symbol_filter="book",
    ),
    "derive": VenueEntry(
        id="derive",
        title="Derive",
        async_client=AsyncDeriveClient,
        sync_client=DeriveClient,
        credentials=(
            CredentialInfo(
                "wallet",
                "The Derive smart-contract wallet address (0x + 40 hex) that owns the subaccounts. This is not the address of the owner key or of a session key.",
                secret=False,
                callable=False,
            ),
            CredentialInfo(
                "private_key",
                "The private key that signs the timestamp: the wallet's owner key or a session key registered for the wallet (read_only permission or higher for this method).",
                secret=True,
                callable=False,
            ),
        ),
        server_variables=(),
        fetch_parameters=(
            ParameterInfo(
                "subaccount_id",
                "Subaccount_id for which to get open orders.",
                required=True,
                type="integer",
            ),
            ParameterInfo(
                "instrument_name", "Filter by instrument name.", required=False, type="string"
            ),
            ParameterInfo("label", "Filter by label.", required=False, type="string"),
        ),
        symbol_filter="instrument_name",
    ),
    "derive_v3": VenueEntry(
        id="derive_v3",
        title="DeriveV3",
        async_client=AsyncDeriveV3Client,
        sync_client=DeriveV3Client,
        credentials=(
            CredentialInfo(
                "wallet",
                "The Derive wallet address (0x + 40 hex) that owns the subaccounts, sent as X-DeriveWallet.",
                secret=False,
                callable=False,
            ),
            CredentialInfo(
                "private_key",
                "The private key that signs the timestamp: the wallet's owner key or a session key registered for the wallet.",
                secret=True,
                callable=False,
            ),
        ),
        server_variables=(),
        fetch_parameters=(
            ParameterInfo(
                "subaccount_id",
                "The subaccount whose open orders to list.",
                required=True,
                type="integer",
            ),
        ),
        symbol_filter=None,
    ),
    "kraken": VenueEntry(
        id="kraken",
        title="Kraken",
        async_client=AsyncKrakenClient,
        sync_client=KrakenClient,
        credentials=(
            CredentialInfo(
                "api_key", "The public API key, sent as API-Key.", secret=False, callable=False
            ),
            CredentialInfo(
                "api_secret",
                "The private key (base64, as Kraken shows it); it signs every request.",
                secret=True,
                callable=False,
            ),
        ),
        server_variables=(),
        fetch_parameters=(
            ParameterInfo(
                "trades",
                "Whether or not to include trades related to position in output.",
                required=False,
                type="boolean",
            ),
            ParameterInfo(
                "userref",
                "Restrict results to given user reference.",
                required=False,
                type="integer",
            ),
            ParameterInfo(
                "cl_ord_id",
                "Restrict results to given client order id.",
                required=False,
                type="string",
            ),
            ParameterInfo(
                "rebase_multiplier",
                "Optional parameter for viewing xstocks data: rebased gives amounts in terms of the underlying equity, base in terms of the SPV tokens.",
                required=False,
                type="string",
            ),
        ),
        symbol_filter=None,
    ),
    "synthetix": VenueEntry(
        id="synthetix",
        title="Synthetix",
        async_client=AsyncSynthetixClient,
        sync_client=SynthetixClient,
        credentials=(
            CredentialInfo(
                "sub_account_id",
                'The subaccount identifier, a uint64 as a decimal string (e.g. "1867542890123456789"). Kept as a string end to end: never pass it through a float.',
                secret=False,
                callable=False,
            ),
            CredentialInfo(
                "private_key",
                "The Ethereum private key that signs requests for the subaccount.",
                secret=True,
                callable=False,
            ),
        ),
        server_variables=(),
        fetch_parameters=(
            ParameterInfo(
                "symbol",
                'Filter orders by specific market symbol (e.g., "BTC-USDT").',
                required=False,
                type="string",
            ),
            ParameterInfo(
                "expires_after",
                "Optional expiration timestamp in milliseconds (0 = no expiry).",
                required=False,
                type="integer",
            ),
        ),
        symbol_filter="symbol",
    ),
}
