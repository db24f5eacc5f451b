/* Written for this project (not upstream code). Loaded right after leaflet.js.
   Leaflet guesses the marker-icon folder from leaflet.css; in st_folium that CSS
   is attached after the scripts run, so the guess fails. Point it at the
   vendored images explicitly. */
if (window.L && L.Icon && L.Icon.Default) {
  L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/";
}
