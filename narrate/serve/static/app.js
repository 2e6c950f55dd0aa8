// narrate serve: small enhancements; every page works without them.
"use strict";
document.documentElement.classList.add("js");

// "1 sentence", "2 sentences": the same counts as the server's (narrate/plural.py).
function count(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// "40 seconds", "1 minute", "12 minutes" (narrate.plural.rough_duration).
function roughDuration(seconds) {
  const whole = Math.max(1, Math.round(seconds));
  if (whole < 60) return count(whole, "second", "seconds");
  return count(Math.round(whole / 60), "minute", "minutes");
}

// "Listen" on the review page plays the sentence beside it instead of opening the WAV.
function setUpListening() {
  const audio = document.getElementById("preview");
  const announce = document.getElementById("announce");
  if (!audio) return;
  document.querySelectorAll("a.listen").forEach((link) => {
    link.setAttribute("role", "button");
    link.addEventListener("keydown", (event) => {
      if (event.key === " ") { event.preventDefault(); link.click(); }
    });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      if (announce) announce.textContent = "Making the sentence…";
      link.after(audio);  // the player sits next to the sentence it plays
      audio.hidden = false;
      audio.src = link.href + "?t=" + Date.now();
      audio.play().then(() => {
        if (announce) announce.textContent = "Playing the sentence.";
      }).catch(() => {
        if (announce) announce.textContent = "The sentence could not be played; open the link to download it.";
      });
    });
  });
}

// What the build page says of a running job: the edition being built and the whole job's count.
function progressText(job) {
  if (job.status === "queued") return "Waiting for the build before it to finish.";
  let text = "";
  if (job.building) {
    text = `Building the ${job.building} edition`;
    if (job.profiles.length > 1) {
      text += ` (${job.profiles.indexOf(job.building) + 1} of ${job.profiles.length})`;
    }
    text += ": ";
  }
  text += `${job.clips.done} of ${count(job.clips.total, "sentence", "sentences")} spoken`;
  if (job.seconds_left !== null) text += `, about ${roughDuration(job.seconds_left)} left`;
  return text + ".";
}

// A running job's chapters that can be heard: each new one gets a labelled player (never
// started by itself) and is said once in a polite live region.
async function updatePreviews(jobId) {
  const list = document.getElementById("preview-list");
  if (!list) return;
  let found;
  try {
    const response = await fetch(`/editions/${jobId}/previews.json`, {headers: {Accept: "application/json"}});
    if (!response.ok) return;
    found = (await response.json()).previews;
  } catch (error) {
    return;  // the progress poll says when the server cannot be reached
  }
  const listed = new Set(found.map((preview) => String(preview.number)));
  for (const item of list.querySelectorAll("li")) {  // the next edition of the job starts anew
    const audio = item.querySelector("audio");
    if (!listed.has(item.dataset.number) && (!audio || audio.paused)) item.remove();
  }
  const shown = new Set([...list.querySelectorAll("li")].map((item) => item.dataset.number));
  const fresh = found.filter((preview) => !shown.has(String(preview.number)));
  for (const preview of fresh) {
    const item = document.createElement("li");
    item.dataset.number = preview.number;
    const label = document.createElement("span");
    label.id = `preview-${preview.number}`;
    label.textContent = `Chapter ${preview.number}: ${preview.title}`;
    const audio = document.createElement("audio");
    audio.controls = true;
    audio.preload = "none";
    audio.src = preview.url;
    audio.setAttribute("aria-labelledby", label.id);
    item.append(label, " ", audio);
    list.append(item);
  }
  document.getElementById("previews").hidden = !list.children.length;
  if (!fresh.length) return;
  document.getElementById("previews-said").textContent = fresh.length === 1
    ? `Chapter ${fresh[0].number}, ${fresh[0].title}, is ready to hear.`
    : `Chapters ${fresh.map((preview) => preview.number).join(", ")} are ready to hear.`;
}

// A chapter preview being listened to when the build ends: the finished page waits for it
// to stop (its player would otherwise vanish mid-sentence).
function whenPreviewStops(job, show) {
  const playing = [...document.querySelectorAll("#preview-list audio")].find((audio) => !audio.paused && !audio.ended);
  if (!playing) { show(job); return; }
  document.getElementById("previews-said").textContent = "The edition is ready; it is shown when this chapter stops playing.";
  let shown = false;
  for (const event of ["pause", "ended", "error"]) {
    playing.addEventListener(event, () => { if (!shown) { shown = true; show(job); } }, {once: true});
  }
}

// When the build ends: the finished page's content in place of the progress, its title on
// the tab, the news said in a live region, and focus on the result (or on the problem).
async function showFinished(job) {
  const done = document.getElementById("job-done");
  let fresh;
  try {
    const response = await fetch(location.pathname, {headers: {Accept: "text/html"}});
    if (!response.ok) throw new Error(response.status);
    fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch (error) {
    location.reload();
    return;
  }
  const body = document.getElementById("edition-page");
  const freshBody = fresh.getElementById("edition-page");
  if (!body || !freshBody) { location.reload(); return; }
  body.replaceWith(document.adoptNode(freshBody));
  const heading = fresh.querySelector("main h1");
  if (heading) document.querySelector("main h1").textContent = heading.textContent;
  document.title = fresh.title;
  setUpListening();
  const editions = job.profiles.length;
  if (job.status === "done") {
    done.textContent = `Done: the ${editions > 1 ? "editions are" : "edition is"} ready.`;
    const first = document.querySelector("#edition-page section h2");
    if (first) first.focus();
  } else {
    done.textContent = job.error === "cancelled" ? "The build was cancelled." : "The build failed.";
    const problem = document.getElementById("job-problem");
    if (problem) problem.focus();
  }
}

// The build page follows the job until it ends, then shows the finished edition.
function followJob() {
  const box = document.getElementById("job");
  if (!box || !["queued", "running"].includes(box.dataset.status)) return;
  const bar = document.getElementById("progress");
  const status = document.getElementById("job-status");
  const said = document.getElementById("job-said");
  const heading = document.querySelector("main h1");
  let lastSaid = 0;
  let lastBuilding = null;
  async function poll() {
    let job;
    try {
      const response = await fetch("/api/editions/" + box.dataset.job, {headers: {Accept: "application/json"}});
      if (!response.ok) throw new Error(response.status);
      job = await response.json();
    } catch (error) {
      said.textContent = "Lost touch with the server; trying again.";
      setTimeout(poll, 3000);
      return;
    }
    if (job.status === "done" || job.status === "failed") {
      whenPreviewStops(job, showFinished);
      return;
    }
    bar.value = job.progress;
    bar.textContent = Math.round(job.progress * 100) + "%";
    if (job.title && heading.textContent !== job.title) heading.textContent = job.title;
    status.textContent = progressText(job);
    updatePreviews(box.dataset.job);
    document.title = `${job.status === "queued" ? "Queued" : `Building ${Math.round(job.progress * 100)}%`}: ${heading.textContent} · narrate`;
    const now = Date.now();
    // said every 10 s, and at once when the status or the edition being built changes
    if (now - lastSaid > 10000 || job.status !== box.dataset.status || job.building !== lastBuilding) {
      lastSaid = now;
      lastBuilding = job.building;
      box.dataset.status = job.status;
      said.textContent = status.textContent;
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 500);
}

document.addEventListener("DOMContentLoaded", () => {
  setUpListening();
  followJob();
});
