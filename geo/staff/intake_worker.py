"""The process that reads an upload for ``geo.staff.intake.read_upload_apart``.

The fork server imports this module once; each upload's worker is forked from it. Importing it
also runs one tiny upload, so that what the first check of a process builds (the countries'
names and extents: ~2 s) is built once in the fork server, not again in every worker.
"""

from __future__ import annotations

from geo.errors import GeoError, ReadError
from geo.staff.intake import UnsupportedUpload, UploadError, UploadTooLarge, read_upload

# The errors a worker sends back by class; anything else arrives as a ReadError.
_SENT_AS_IS = (UploadTooLarge, UnsupportedUpload, UploadError, ReadError)


def read_in_worker(send, name, data, limits, strict, require_id) -> None:
    """Read and check one upload; send ``("ok", intake)`` or ``("error", (class, message))``
    (exceptions are sent as class, text, code, params and located problem: ``DataError`` and
    friends do not pickle back)."""
    try:
        intake = read_upload(name, data, limits=limits, strict=strict, require_id=require_id)
        answer: tuple[str, object] = ("ok", intake)
    except GeoError as exc:
        kind = next((k for k in _SENT_AS_IS if isinstance(exc, k)), ReadError)
        answer = ("error", (kind, str(exc), exc.code, dict(exc.params), exc.problem))
    send.send(answer)
    send.close()


read_upload("warm-up.csv", b"name,country,lat,lon\nNice,France,43.7,7.26\n", strict=False)
