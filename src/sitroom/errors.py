"""Every error sitroom raises, in one tree, each with a short code.

    SitroomError
    ├── InputError            a file or record cannot be read as an article (the batch goes on)
    │   ├── MissingPath       E101 the path does not exist
    │   ├── EmptyInput        E102 the file or record holds no text
    │   ├── BinaryInput       E103 the bytes are not text
    │   ├── TooLarge          E104 the file is over the size limit
    │   ├── MalformedRecord   E105 a JSONL/CSV record cannot be parsed or lacks text
    │   └── UnsupportedFormat E106 no reader for this file type
    ├── StoreError            E201 the database cannot be opened or migrated
    ├── GoldError             E301 a gold annotation file cannot be read
    ├── MentionError          E401 an entity mention's offsets do not match the article text
    └── ModelError            E501 a trained framing model is missing or unreadable

An :class:`InputError` names the file (and line, for record files) and the problem in
one line; readers raise it, the ingest loop records it and carries on.
"""

from __future__ import annotations


class SitroomError(Exception):
    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(SitroomError):
    code = "E100"

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.problem = problem
        self.line = line


class MissingPath(InputError):
    code = "E101"


class EmptyInput(InputError):
    code = "E102"


class BinaryInput(InputError):
    code = "E103"


class TooLarge(InputError):
    code = "E104"


class MalformedRecord(InputError):
    code = "E105"


class UnsupportedFormat(InputError):
    code = "E106"


class StoreError(SitroomError):
    code = "E201"


class GoldError(SitroomError):
    code = "E301"


class MentionError(SitroomError):
    code = "E401"


class ModelError(SitroomError):
    code = "E501"
