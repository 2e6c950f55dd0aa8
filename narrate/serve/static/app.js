// narrate serve: small enhancements; every page works without them.
"use strict";
document.documentElement.classList.add("js");

// "Listen" on the review page plays the sentence here instead of opening the WAV.
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

// The build page follows the job until it ends, then shows the finished edition.
function followJob() {
  const box = document.getElementById("job");
  if (!box || !["queued", "running"].includes(box.dataset.status)) return;
  const bar = document.getElementById("progress");
  const status = document.getElementById("job-status");
  const said = document.getElementById("job-said");
  const heading = document.querySelector("main h1");
  let lastSaid = 0;
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
      location.reload();
      return;
    }
    bar.value = job.progress;
    bar.textContent = Math.round(job.progress * 100) + "%";
    if (job.title && heading.textContent !== job.title) heading.textContent = job.title;
    let text = job.status === "queued" ? "Waiting for the build before it to finish."
      : `${job.clips.done} of ${job.clips.total} sentences spoken`;
    if (job.status === "running" && job.seconds_left !== null) {
      text += `, about ${Math.max(1, Math.round(job.seconds_left))} seconds left`;
    }
    status.textContent = job.status === "running" ? text + "." : text;
    const now = Date.now();
    if (now - lastSaid > 10000 || job.status !== box.dataset.status) {  // said every 10 s
      lastSaid = now;
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
