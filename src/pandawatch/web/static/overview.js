// The overview map: world-atlas shapes (served by the app), shaded by how many pandas each country holds on
// the chosen date. The date lives in the address (?date=YYYY-MM-DD) so that a view can be shared; the slider,
// the typed date, the keyboard (a month or a year a step) and the play button all move it, and the list of
// latest events follows it. Data goes into the page only through textContent and attributes, never as markup.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const STEPS = [[1, "#cfe8d8"], [2, "#9fd0b1"], [3, "#6db78b"], [5, "#3d9a66"], [9, "#1f7a4d"]];
  const slider = document.getElementById("date-slider");
  const typed = document.getElementById("date-input");
  const play = document.getElementById("play");
  const map = document.getElementById("world-map");
  const first = Date.parse(slider.dataset.first + "T00:00:00Z");
  const today = Date.parse(slider.dataset.today + "T00:00:00Z");
  const projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [956, 496]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  let shapes = new Map(); // ISO numeric id → <path>
  let markers;
  let pending = 0;

  function colour(count) {
    let fill = "#e9edf0";
    for (const [min, value] of STEPS) if (count >= min) fill = value;
    return fill;
  }
  function isoDay(value) { return new Date(first + value * DAY).toISOString().slice(0, 10); }
  function offsetOf(day) { return Math.round((Date.parse(day + "T00:00:00Z") - first) / DAY); }
  function clamp(value) { return Math.min(Math.max(value, 0), Number(slider.max)); }
  // The day `months` calendar months from `day` (the 31st becomes the month's last day).
  function addMonths(day, months) {
    const [y, m, d] = day.split("-").map(Number);
    const target = new Date(Date.UTC(y, m - 1 + months, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(d, last));
    return target.toISOString().slice(0, 10);
  }
  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function goTo(code) { window.location.href = "/country/" + encodeURIComponent(code); }

  function drawWorld(topology) {
    map.appendChild(el("path", { class: "sphere", d: path({ type: "Sphere" }) }));
    const countries = topojson.feature(topology, topology.objects.countries).features;
    for (const feature of countries) {
      const shape = el("path", { class: "country", d: path(feature) });
      shape.appendChild(el("title", {}, feature.properties.name));
      shapes.set(String(feature.id), shape);
      map.appendChild(shape);
    }
    markers = el("g", { class: "markers" });
    map.appendChild(markers);
  }

  function paint(result) {
    for (const shape of shapes.values()) {
      shape.classList.remove("has-pandas");
      shape.removeAttribute("data-code"); shape.removeAttribute("data-count");
      shape.style.fill = ""; shape.onclick = null;
      shape.lastChild.textContent = shape.lastChild.dataset.name || shape.lastChild.textContent;
    }
    markers.replaceChildren();
    for (const c of result.countries) {
      const shape = c.numeric ? shapes.get(c.numeric) : undefined;
      const title = c.name + ": " + c.count + (c.count === 1 ? " panda" : " pandas");
      let target = shape;
      if (!shape && c.lat !== null && c.lon !== null) { // too small for the 110m shapes: Hong Kong, Macau, Singapore
        const [x, y] = projection([c.lon, c.lat]);
        target = el("circle", { class: "marker", cx: x, cy: y, r: 3 + Math.sqrt(c.count) * 2 });
        target.appendChild(el("title", {}));
        markers.appendChild(target);
      }
      if (!target) continue;
      if (!target.lastChild.dataset.name) target.lastChild.dataset.name = target.lastChild.textContent;
      target.lastChild.textContent = title;
      target.classList.add("has-pandas");
      target.dataset.code = c.code; target.dataset.count = String(c.count);
      target.style.fill = colour(c.count);
      target.onclick = () => goTo(c.code);
    }
    document.getElementById("total-count").textContent = String(result.total);
    const list = document.getElementById("country-counts");
    list.replaceChildren(...result.countries.map((c) => {
      const item = document.createElement("li");
      item.dataset.code = c.code;
      const link = document.createElement("a");
      link.href = "/country/" + encodeURIComponent(c.code); link.textContent = c.name;
      const count = document.createElement("span");
      count.className = "n"; count.textContent = String(c.count);
      item.append(link, " ", count);
      return item;
    }));
    map.dataset.date = result.date;
  }

  function paintEvents(day, page) {
    document.getElementById("latest-date").textContent = day;
    document.getElementById("latest-events").replaceChildren(...page.items.map((e) => {
      const item = document.createElement("li");
      item.dataset.eventId = String(e.id);
      const date = document.createElement("span");
      date.className = "date"; date.textContent = e.date || "undated";
      const link = document.createElement("a");
      link.href = "/event/" + e.id; link.textContent = e.sentence;
      item.append(date, " ", link);
      return item;
    }));
    document.getElementById("latest-empty").hidden = page.items.length > 0;
  }

  async function load(day) {
    const ticket = ++pending;
    const [where, events] = await Promise.all([
      fetch("/api/where?date=" + day).then((r) => r.json()),
      fetch("/api/events?limit=10&date_to=" + day).then((r) => r.json()),
    ]);
    if (ticket !== pending) return; // a later move wins
    paintEvents(day, events);
    paint(where);
  }

  function legend() {
    const box = document.getElementById("map-legend");
    box.append("pandas:");
    STEPS.forEach(([min], i) => {
      const swatch = document.createElement("span");
      swatch.className = "swatch"; swatch.style.background = STEPS[i][1];
      const next = STEPS[i + 1];
      box.append(swatch, next ? (next[0] - 1 > min ? min + "–" + (next[0] - 1) : String(min)) : min + "+");
    });
  }

  // A tick mark on the slider each year, a label each decade (every 20 years on a narrow screen: CSS hides odd ones).
  function yearTicks() {
    const marks = document.getElementById("year-marks");
    const labels = document.getElementById("year-ticks");
    const span = Number(slider.max) || 1;
    for (let year = new Date(first).getUTCFullYear() + 1; Date.UTC(year, 0, 1) <= today; year++) {
      const value = offsetOf(year + "-01-01");
      const option = document.createElement("option");
      option.value = String(value);
      marks.append(option);
      if (year % 10 === 0) {
        const label = document.createElement("span");
        label.textContent = String(year);
        label.style.left = (100 * value / span) + "%";
        if (year % 20 !== 0) label.className = "minor";
        labels.append(label);
      }
    }
  }

  let timer;
  // Show `day` at once in the controls and the address; fetch its data a moment later (a drag sends many).
  function show(day, wait) {
    slider.value = String(clamp(offsetOf(day)));
    day = isoDay(Number(slider.value));
    typed.value = day;
    slider.setAttribute("aria-valuetext", day);
    const url = new URL(window.location.href);
    url.searchParams.set("date", day);
    history.replaceState(null, "", url.pathname + url.search + url.hash);
    clearTimeout(timer);
    timer = setTimeout(() => load(day), wait);
  }

  let playing;
  function stop() { clearInterval(playing); playing = undefined; play.textContent = "▶"; play.setAttribute("aria-pressed", "false"); }
  function start() {
    if (Number(slider.value) >= Number(slider.max)) show(isoDay(0), 0); // at today: start again from the first year
    play.textContent = "⏸"; play.setAttribute("aria-pressed", "true");
    playing = setInterval(() => {
      if (Number(slider.value) >= Number(slider.max)) return stop();
      show(addMonths(isoDay(Number(slider.value)), 12), 0);
    }, 700);
  }

  slider.max = String(Math.round((today - first) / DAY));
  slider.value = String(clamp(offsetOf(slider.dataset.date)));
  slider.addEventListener("input", () => { stop(); show(isoDay(Number(slider.value)), 120); });
  slider.addEventListener("keydown", (event) => {
    const steps = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -12, PageUp: 12 };
    let months = steps[event.key];
    if (months === undefined) return; // Home and End keep their meaning: the first day, today
    if (event.shiftKey) months *= 12;
    event.preventDefault();
    stop();
    show(addMonths(isoDay(Number(slider.value)), months), 120);
  });
  typed.addEventListener("change", () => { if (typed.value) { stop(); show(typed.value, 0); } });
  play.addEventListener("click", () => (playing ? stop() : start()));
  legend();
  yearTicks();
  fetch("/assets/countries-110m.json")
    .then((response) => response.json())
    .then((topology) => { drawWorld(topology); return load(isoDay(Number(slider.value))); })
    .then(() => { map.dataset.ready = "true"; });
})();
