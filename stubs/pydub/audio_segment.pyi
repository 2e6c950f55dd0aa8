# pydub's AudioSegment, as far as narrate uses it: an immutable clip of PCM audio whose length
# and indices are milliseconds.
from os import PathLike
from typing import IO, Any, Self, overload


_File = str | bytes | PathLike[str] | IO[bytes]

class AudioSegment:
    sample_width: int
    frame_rate: int
    channels: int
    frame_width: int
    def __init__(
        self,
        data: bytes | None = None,
        *args: Any,
        sample_width: int | None = ...,
        frame_rate: int | None = ...,
        channels: int | None = ...,
        **kwargs: Any,
    ) -> None: ...
    @property
    def raw_data(self) -> bytes: ...
    @property
    def dBFS(self) -> float: ...
    @property
    def duration_seconds(self) -> float: ...
    def __len__(self) -> int: ...
    def get_sample_slice(self, start_sample: int | None = None, end_sample: int | None = None) -> Self: ...
    @overload
    def __getitem__(self, millisecond: int) -> Self: ...
    @overload
    def __getitem__(self, millisecond: slice) -> Self: ...
    def __add__(self, arg: AudioSegment | float) -> Self: ...
    @classmethod
    def silent(cls, duration: int = 1000, frame_rate: int = 11025) -> Self: ...
    @classmethod
    def from_file(
        cls,
        file: _File,
        format: str | None = None,
        codec: str | None = None,
        parameters: list[str] | None = None,
        start_second: float | None = None,
        duration: float | None = None,
        **kwargs: Any,
    ) -> Self: ...
    @classmethod
    def from_wav(cls, file: _File, parameters: list[str] | None = None) -> Self: ...
    def export(
        self,
        out_f: _File | None = None,
        format: str = "mp3",
        codec: str | None = None,
        bitrate: str | None = None,
        parameters: list[str] | None = None,
        tags: dict[str, str] | None = None,
        id3v2_version: str = "4",
        cover: str | None = None,
    ) -> IO[bytes]: ...
    def frame_count(self, ms: float | None = None) -> float: ...
    def fade_in(self, duration: int) -> Self: ...
    def fade_out(self, duration: int) -> Self: ...
    def set_sample_width(self, sample_width: int) -> Self: ...
    def set_frame_rate(self, frame_rate: int) -> Self: ...
    def set_channels(self, channels: int) -> Self: ...
    def reverse(self) -> Self: ...
