// narrate player: the sentence being spoken is highlighted and marked aria-current; buttons,
// chapter links and Alt-key shortcuts seek the audio. Without this script the page is still
// the audio and its transcript.
(() => {
  "use strict";
  const audio = document.getElementById("player");
  const controls = document.getElementById("controls");
  const follow = document.getElementById("follow");
  if (!audio || !controls) return;
  const cues = [...document.querySelectorAll(".cue[data-start]")];
  const chapters = [...document.querySelectorAll("a.chapter[data-start]")];
  const startOf = (el) => parseFloat(el.dataset.start);
  const cueStarts = cues.map(startOf);
  const chapterStarts = chapters.map(startOf);
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  let currentCue = null;
  let currentChapter = null;

  // The index of the last start at or before t, or -1 before the first.
  const indexAt = (starts, t) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= t + 0.001) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };

  const reveal = (el) => {
    const box = el.getBoundingClientRect();
    const height = window.innerHeight || document.documentElement.clientHeight;
    if (box.top >= height * 0.2 && box.bottom <= height * 0.8) return;
    el.scrollIntoView({ block: "center", behavior: reducedMotion.matches ? "auto" : "smooth" });
  };

  const setCurrent = (previous, next) => {
    if (previous === next) return false;
    if (previous) previous.removeAttribute("aria-current");
    if (next) next.setAttribute("aria-current", "true");
    return true;
  };

  const mark = () => {
    const t = audio.currentTime;
    const chapter = chapters[indexAt(chapterStarts, t)] || null;
    if (setCurrent(currentChapter, chapter)) currentChapter = chapter;
    const cue = cues[indexAt(cueStarts, t)] || null;
    if (!setCurrent(currentCue, cue)) return;
    currentCue = cue;
    if (cue && follow && follow.checked) reveal(cue);
  };

  const seek = (t) => {
    audio.currentTime = Math.max(0, t);
    mark();
  };

  const next = (starts) => {
    const t = audio.currentTime;
    const target = starts.find((s) => s > t + 0.05);
    if (target !== undefined) seek(target);
  };

  // Back to the start of the current item, or to the one before when just past its start.
  const previous = (starts, grace) => {
    const t = audio.currentTime;
    const i = indexAt(starts, t);
    if (i < 0) return seek(0);
    if (t - starts[i] > grace || i === 0) return seek(starts[i]);
    return seek(starts[i - 1]);
  };

  const actions = {
    "prev-chapter": () => previous(chapterStarts, 3),
    "next-chapter": () => next(chapterStarts),
    "prev-sentence": () => previous(cueStarts, 1),
    "next-sentence": () => next(cueStarts),
  };
  const keys = {
    PageUp: "prev-chapter",
    PageDown: "next-chapter",
    ArrowUp: "prev-sentence",
    ArrowDown: "next-sentence",
  };

  for (const [id, action] of Object.entries(actions)) {
    const button = document.getElementById(id);
    if (button) button.addEventListener("click", action);
  }
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const id = keys[event.key];
    if (!id) return;
    event.preventDefault();
    actions[id]();
  });
  // A chapter link still moves to its heading; it also moves the audio there.
  for (const link of chapters) {
    link.addEventListener("click", () => seek(startOf(link)));
  }
  if (follow) {
    follow.addEventListener("change", () => {
      if (follow.checked && currentCue) reveal(currentCue);
    });
  }
  for (const type of ["timeupdate", "seeked", "loadedmetadata"]) {
    audio.addEventListener(type, mark);
  }
  // A link to index.html#t=SECONDS (narrate check's report) starts the audio there.
  const seekToHash = () => {
    const match = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
    if (match) seek(Number(match[1]));
  };
  window.addEventListener("hashchange", seekToHash);
  seekToHash();
  controls.hidden = false;
})();
