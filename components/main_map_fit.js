// The main map of a map-first page reaches the foot of the screen (a Streamlit component,
// run in the page; components/layout.py). Its room, the window's height below the map's
// top less data.footPx (at least data.minMapPx), goes into the CSS variable data.variable.
// The top is measured where the page lays the map out (chips that wrap onto more rows, a
// notice above it, the fonts loading), as if the page were not scrolled. Leaflet follows
// its frame's new size by itself (its window resizes), and the map's frame refits.
export default function (component) {
  const { data } = component;
  const root = document.documentElement;
  const fit = () => {
    const frame = document.querySelector(data.selector);
    if (!frame) return;
    let top = frame.getBoundingClientRect().top;
    for (let el = frame.parentElement; el; el = el.parentElement) top += el.scrollTop;
    const room = window.innerHeight - top - data.footPx;
    const value = Math.max(Math.round(room), data.minMapPx) + "px";
    if (root.style.getPropertyValue(data.variable) !== value) {
      root.style.setProperty(data.variable, value);
    }
  };
  if (!window.atlasFitMainMap) {  // once per page: on a resize, and while the page settles
    window.addEventListener("resize", () => window.atlasFitMainMap());
    setInterval(() => window.atlasFitMainMap(), 250);
  }
  window.atlasFitMainMap = fit;
  fit();
}
