"""How soon `POST /v1/audio/speech` answers one sentence: the time to the first audio byte and
to the whole response, from a warm `narrate serve` (Piper's voice loaded, its gain measured).
With `--hear`, how soon the review page's "Listen" (`GET /editions/<id>/cues/<cue>.wav`) and
`narrate.api.hear` answer a sentence not heard before: the first (cold) and the warm median.

Starts `python -m narrate serve` on 127.0.0.1 with a library and clip cache of its own, sends
one request to warm it (timed too: the cold figure), then `--runs` requests per format, and
prints the median and spread of each. The text goes through the normaliser as any client's.

    python scripts/bench_first_audio.py [--runs 7] [--formats mp3,pcm] [--voice alloy]
    python scripts/bench_first_audio.py --hear [--runs 7] [--engine piper] [--think 3]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "Take 5 mg of the medicine BID, with food, and call the clinic if you feel dizzy."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`narrate serve` on a free loopback port, answering; the process and its address."""
    port = free_port()
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "NARRATE_CACHE_DIR": str(folder / "cache"), "PYTHONPATH": path}
    process = subprocess.Popen(
        [sys.executable, "-m", "narrate", "serve", "--library", str(folder / "library"),
         "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/v1/models", timeout=2)
            return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("narrate serve did not answer within 60 s")


def one_request(url: str, response_format: str, voice: str) -> tuple[float, float, int]:
    """Seconds to the first audio byte and to the end, and the bytes received."""
    body = {"model": "tts-1", "voice": voice, "input": SENTENCE,
            "response_format": response_format}  # fmt: skip
    start = time.perf_counter()
    first, size = None, 0
    with httpx.stream("POST", f"{url}/v1/audio/speech", json=body, timeout=120) as response:
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code}: {response.read().decode()}")
        for chunk in response.iter_raw():
            if first is None and chunk:
                first = time.perf_counter() - start
            size += len(chunk)
    return first or 0.0, time.perf_counter() - start, size


def in_process(runs: int) -> list[float]:
    """Seconds narrate.api.speech takes to give the whole MP3 of the sentence in this process,
    warm: the server's figure without HTTP."""
    from narrate import api
    from narrate.speech_stream import SpeechOptions

    options = SpeechOptions(voice="en_US-joe-medium")
    b"".join(api.speech(SENTENCE, options))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        b"".join(api.speech(SENTENCE, options))
        times.append(time.perf_counter() - start)
    return times


def listen_links(url: str, engine: str) -> list[str]:
    """A draft of the example article made through the web form, as a new user makes one; the
    review page's "Listen" links, one per sentence, in order."""
    browser = httpx.Client(base_url=url, timeout=120, follow_redirects=True)
    found = re.search(r'name="csrf" value="([^"]+)"', browser.get("/").text)
    if found is None:
        raise SystemExit("no form on the start page")
    text = (ROOT / "examples" / "clinic-hours.md").read_text(encoding="utf-8")
    form = {"csrf": found.group(1), "text": text, "format": "md", "engine": engine}
    review = browser.post("/editions", data=form)
    if review.status_code != 200 or "/review" not in str(review.url):
        raise SystemExit(f"{review.status_code}: {review.text[:300]}")
    links = re.findall(r'href="(/editions/[^"]+/cues/[^"]+\.wav)"', review.text)
    return list(dict.fromkeys(links))


def hear_times(url: str, links: list[str], server: int) -> tuple[list[float], list[float]]:
    """Seconds each "Listen" link takes to give its whole WAV, and the CPU seconds the server
    (process `server`) spent on it: on a busy machine the CPU time moves less."""
    import psutil

    process = psutil.Process(server)
    times, cpu = [], []
    for link in links:
        before = sum(process.cpu_times()[:2])
        start = time.perf_counter()
        answer = httpx.get(url + link, timeout=120)
        if answer.status_code != 200 or not answer.content.startswith(b"RIFF"):
            raise SystemExit(f"{link}: {answer.status_code} {answer.text[:200]}")
        times.append(time.perf_counter() - start)
        cpu.append(sum(process.cpu_times()[:2]) - before)
    return times, cpu


def api_hear_times(runs: int, engine: str) -> tuple[list[float], list[float]]:
    """Seconds, and CPU seconds, narrate.api.hear takes for a new sentence in this process:
    the first call (the voice loaded), then `runs` warm ones, each a sentence not heard before."""
    from narrate import api

    with tempfile.TemporaryDirectory() as folder:
        options = api.BuildOptions(engine=api.EngineChoice(name=engine), cache_dir=folder)
        times, cpu = [], []
        for n in range(runs + 1):
            start, used = time.perf_counter(), time.process_time()
            api.hear(f"{SENTENCE} This is sentence {n + 1}.", "en", options)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - used)
    return times, cpu


def bench_hear(runs: int, engine: str, think: float) -> None:
    """The review page's "Listen" from a warm server, the first `think` seconds after the page
    opened (a reader's pause: the page starts loading the voice), then api.hear here."""
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_server(Path(folder))
        try:
            links = listen_links(url, engine)
            time.sleep(think)
            if len(links) < runs + 1:
                raise SystemExit(f"the example has {len(links)} sentences; give --runs below it")
            times, cpu = hear_times(url, links[: runs + 1], process.pid)
            again, _ = hear_times(url, links[1 : runs + 1], process.pid)  # from the clip cache
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f'review page "Listen", engine {engine}, a new sentence each time (wall; server CPU):')
    print(f"  first, {think:g} s after the review page opened: {times[0]:.3f} s; "
          f"CPU {cpu[0]:.3f} s")  # fmt: skip
    print(f"  warm, median of {runs}: {spread(times[1:])}; CPU {spread(cpu[1:])}")
    print(f"  heard again (clip cache): {spread(again)}")
    times, cpu = api_hear_times(runs, engine)
    print(f"narrate.api.hear in one process: first {times[0]:.3f} s (CPU {cpu[0]:.3f} s), "
          f"warm {spread(times[1:])}; CPU {spread(cpu[1:])}")  # fmt: skip


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--formats", default="mp3,opus,aac,flac,wav,pcm")
    parser.add_argument("--voice", default="alloy")
    parser.add_argument(
        "--hear", action="store_true", help='time the review page\'s "Listen" and api.hear instead'
    )
    parser.add_argument("--engine", default="piper", help="--hear: the draft's engine")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="--hear: seconds between the review page and the first Listen",
    )
    args = parser.parse_args()
    if args.hear:
        bench_hear(args.runs, args.engine, args.think)
        return
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_server(Path(folder))
        try:
            cold_first, cold_total, _ = one_request(url, "mp3", args.voice)
            print(f"sentence: {SENTENCE!r}")
            print(f"cold (voice loaded, gain measured): first byte {cold_first:.3f} s, "
                  f"whole {cold_total:.3f} s")  # fmt: skip
            print(f"{'format':<7} {'first byte (median, range)':<28} {'whole response':<28} bytes")
            for name in args.formats.split(","):
                runs = [one_request(url, name, args.voice) for _ in range(args.runs)]
                firsts, totals = [r[0] for r in runs], [r[1] for r in runs]
                print(f"{name:<7} {spread(firsts):<28} {spread(totals):<28} {runs[-1][2]}")
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"mp3 by narrate.api.speech in one process, warm: {spread(in_process(args.runs))}")


if __name__ == "__main__":
    main()
