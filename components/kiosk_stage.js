// The kiosk's stage (a Streamlit component, run in the page): show slot data.slot once its
// slide (marked data.marker) has drawn its map or chart, or after data.waitMs at the
// latest, then tell the server which slide is on screen ("on_screen"), unless the server
// already knows (data.reported). The server refills a slot only once it knows the page no
// longer shows it. A newer call takes over from an older one.
// Each slot's map reaches the foot of the screen: its room goes into --kiosk-map-0 or -1.
// Each slot's figure cards end above the foot of the screen too: their type is scaled
// (--kiosk-cards-0 or -1, a factor, never below data.minCardScale) to the room they have.
export default function (component) {
  const { data, setStateValue } = component;
  const root = document.documentElement;
  const fitCards = (n) => {
    const cards = document.querySelector(".st-key-kiosk_cards_" + n);
    if (!cards) return;
    const name = "--kiosk-cards-" + n;
    const scaleOf = () => parseFloat(root.style.getPropertyValue(name)) || 1;
    const set = (scale) => root.style.setProperty(name, scale.toFixed(3));
    const room = () => window.innerHeight - data.footPx - cards.getBoundingClientRect().top;
    const tall = () => cards.getBoundingClientRect().height;
    if (tall() === 0) return;
    // Smaller until they fit (each step forces a layout: no paint in between).
    for (let i = 0; i < 12 && tall() > room() && scaleOf() > data.minCardScale; i++) {
      set(Math.max(data.minCardScale, scaleOf() * Math.min(0.97, room() / tall())));
    }
    // Larger again when there is clearly room (a portrait screen, a shorter slide).
    const before = scaleOf();
    if (before < 1 && tall() * 1.15 < room()) {
      set(Math.min(1, before * 1.1));
      if (tall() > room()) set(before);
    }
  };
  const fitMaps = () => {
    [0, 1].forEach((n) => {
      fitCards(n);
      const frame = document.querySelector(".st-key-kiosk_stage_" + n + " iframe[title=\"streamlit_folium.st_folium\"]");
      if (!frame) return;
      const room = window.innerHeight - frame.getBoundingClientRect().top - data.footPx;
      const value = Math.max(Math.round(room), data.minMapPx) + "px";
      if (root.style.getPropertyValue("--kiosk-map-" + n) !== value) {
        root.style.setProperty("--kiosk-map-" + n, value);
      }
    });
  };
  if (!window.atlasKioskFit) {  // once per page: on a resize, and while slides change
    window.addEventListener("resize", () => window.atlasKioskFit());
    setInterval(() => window.atlasKioskFit(), 200);
  }
  window.atlasKioskFit = fitMaps;
  fitMaps();
  const token = data.marker + ":" + Date.now() + Math.random();
  root.dataset.kioskWanted = token;
  const started = Date.now();
  const slot = () => document.querySelector(".st-key-kiosk_stage_" + data.slot);
  // The slide has arrived in its slot (an older call may ask for a slide since replaced:
  // that one is never shown, not even after the wait).
  // Nothing left over from the slot's previous slide: Streamlit marks such elements stale
  // until the run that replaced them has finished.
  const arrived = () => !!slot() &&
    !!slot().querySelector('[data-kiosk-slide="' + data.marker + '"]') &&
    !slot().querySelector('[data-stale="true"]');
  const drawn = () => {
    const frame = slot().querySelector("iframe");
    if (frame) {
      const doc = frame.contentDocument;
      if (!doc || doc.querySelectorAll(".leaflet-interactive").length === 0) return false;
    }
    const chart = slot().querySelector(".js-plotly-plot");
    return !chart || chart.querySelectorAll("g.point").length > 0;
  };
  const poll = () => {
    if (root.dataset.kioskWanted !== token) return;
    fitMaps();
    if (arrived() && (drawn() || Date.now() - started > data.waitMs)) {
      root.dataset.kioskShown = String(data.slot);
      if (data.reported !== data.marker) setStateValue("on_screen", data.marker);
    } else {
      setTimeout(poll, 50);
    }
  };
  poll();
}
