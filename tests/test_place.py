"""storage.Place: where editions, a cache or a feed live, decided once from what the user gave
(-o, --cache-dir): a local folder, or a URL whose files go through fsspec (here its in-memory
file system, an object store by fsspec's own rules; tests/cluster/ does the same on S3)."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from narrate.errors import OutputError
from narrate.storage import LocalPlace, Place, UrlPlace, is_remote_location


@pytest.mark.parametrize(
    ("given", "remote", "shown"),
    [
        ("audio_out", False, "audio_out"),
        ("audio_out/", False, "audio_out"),
        ("/srv/editions", False, "/srv/editions"),
        ("file:///srv/editions", False, "/srv/editions"),
        (Path("s3:/looks/like/a/url"), False, "s3:/looks/like/a/url"),  # a Path is a folder
        ("C:/editions", False, "C:/editions"),  # a one-letter scheme is a drive
        ("s3://bucket/editions/", True, "s3://bucket/editions"),
        ("gs://bucket/editions", True, "gs://bucket/editions"),
        ("memory://editions", True, "memory://editions"),
    ],
)
def test_a_location_is_a_folder_or_a_url_once_and_for_all(given, remote, shown) -> None:
    place = Place.of(given)
    assert place.is_remote is remote is is_remote_location(str(given) if remote else given)
    assert isinstance(place, UrlPlace if remote else LocalPlace)
    assert str(place) == shown
    assert Place.of(place) is place
    assert str(place.child("my-article")) == f"{shown}/my-article"


def test_a_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match=r"a-file/out: cannot make the output folder: \w"):
        Place.of(blocker / "out").check_writable()
    Place.of(tmp_path / "new" / "out").check_writable()
    assert (tmp_path / "new" / "out").is_dir()


def test_a_folder_is_staged_in_and_published_by_staging_alone(tmp_path: Path) -> None:
    place = Place.of(tmp_path)
    with place.staging_root() as root:
        assert root == tmp_path
    checked = []
    assert place.child("ed").publish(tmp_path, checked.append) is None
    place.child("ed").check_published(checked.append)
    assert checked == [], "a folder's editions are checked where they are staged"


def test_a_url_stages_in_a_scratch_folder_and_uploads_the_edition(tmp_path: Path) -> None:
    place = Place.of(f"memory://narrate-{secrets.token_hex(4)}/editions")
    place.check_writable()
    with place.staging_root() as root:
        scratch = root
        assert root.is_dir() and not str(root).startswith("memory")
        edition = root / "my-article"
        (edition / "phone").mkdir(parents=True)
        (edition / "manifest.json").write_text("{}", encoding="utf-8")
        (edition / "phone" / "index.json").write_text("[]", encoding="utf-8")
        target = place.child("my-article")
        checked = []
        assert target.publish(edition, checked.append) == f"{place}/my-article"
    assert not scratch.exists(), "the scratch folder is removed"
    assert [store.url for store in checked] == [f"{place}/my-article"]
    assert isinstance(target, UrlPlace)
    assert target.store.read_bytes("manifest.json") == b"{}"
    assert target.store.read_bytes("phone/index.json") == b"[]"
