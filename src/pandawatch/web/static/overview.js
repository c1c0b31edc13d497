// The overview map: world-atlas shapes (served by the app), shaded by how many pandas each country holds on
// the slider's date. Data goes into the page only through textContent and attributes, never as markup.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const STEPS = [[1, "#cfe8d8"], [2, "#9fd0b1"], [3, "#6db78b"], [5, "#3d9a66"], [9, "#1f7a4d"]];
  const slider = document.getElementById("date-slider");
  const label = document.getElementById("date-label");
  const map = document.getElementById("world-map");
  const first = Date.UTC(Number(slider.dataset.firstYear), 0, 1);
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

  async function load(day) {
    const ticket = ++pending;
    const response = await fetch("/api/where?date=" + day);
    const result = await response.json();
    if (ticket === pending) paint(result); // a later slider move wins
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

  let timer;
  slider.max = String(Math.round((today - first) / DAY));
  slider.value = slider.max;
  slider.addEventListener("input", () => {
    const day = isoDay(Number(slider.value));
    label.textContent = day;
    clearTimeout(timer);
    timer = setTimeout(() => load(day), 120);
  });
  legend();
  fetch("/assets/countries-110m.json")
    .then((response) => response.json())
    .then((topology) => { drawWorld(topology); return load(isoDay(Number(slider.value))); })
    .then(() => { map.dataset.ready = "true"; });
})();
