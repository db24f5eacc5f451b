#!/usr/bin/env bash
# Rebuild static/vendor/: local copies of every JS/CSS/font/image file that the
# folium maps in this app need, so that no map ever loads anything from a CDN.
#
# Sources: npm registry packages fetched with `npm pack` (pinned versions below),
# plus leaflet_heat.min.js and the license from the installed folium package.
# Re-running the script gives the same tree (it replaces only the folders it
# manages; static/vendor/README.md is kept). Needs: npm, tar, python3 with folium.
#
# Usage: bash tools/vendor_assets.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"
PYTHON="${PYTHON:-python3}"
FOLIUM_EXPECTED="0.20.0"

# Folders under static/vendor/ that this script owns.
MANAGED=(leaflet leaflet.markercluster jquery bootstrap bootstrap-glyphicons
         leaflet.awesome-markers fontawesome-free d3 leaflet.fullscreen folium
         noto-sans-arabic local)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/stage"
mkdir -p "$STAGE"

# fetch SPEC -> prints the folder holding the unpacked package
fetch() {
  local spec="$1" dir
  dir="$WORK/pkg/$(echo "$spec" | tr '/@' '__')"
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
  echo "$dir/package"
}

# put SRC DEST (DEST relative to the staging folder)
put() {
  mkdir -p "$(dirname "$STAGE/$2")"
  cp "$1" "$STAGE/$2"
}

echo "vendoring into $VENDOR"

# --- leaflet@1.9.4 (BSD-2-Clause) -------------------------------------------
p="$(fetch leaflet@1.9.4)"
put "$p/dist/leaflet.js" leaflet/leaflet.js
put "$p/dist/leaflet.css" leaflet/leaflet.css
for f in "$p"/dist/images/*.png; do put "$f" "leaflet/images/$(basename "$f")"; done
put "$p/LICENSE" leaflet/LICENSE

# --- leaflet.markercluster@1.5.3 (MIT) --------------------------------------
p="$(fetch leaflet.markercluster@1.5.3)"
put "$p/dist/leaflet.markercluster.js" leaflet.markercluster/leaflet.markercluster.js
put "$p/dist/MarkerCluster.css" leaflet.markercluster/MarkerCluster.css
put "$p/dist/MarkerCluster.Default.css" leaflet.markercluster/MarkerCluster.Default.css
put "$p/MIT-LICENCE.txt" leaflet.markercluster/LICENSE

# --- jquery@3.7.1 (MIT) -----------------------------------------------------
p="$(fetch jquery@3.7.1)"
put "$p/dist/jquery.min.js" jquery/jquery.min.js
put "$p/LICENSE.txt" jquery/LICENSE

# --- bootstrap@5.2.2 (MIT) --------------------------------------------------
p="$(fetch bootstrap@5.2.2)"
put "$p/dist/css/bootstrap.min.css" bootstrap/css/bootstrap.min.css
put "$p/dist/js/bootstrap.bundle.min.js" bootstrap/js/bootstrap.bundle.min.js
put "$p/LICENSE" bootstrap/LICENSE

# --- bootstrap@3.4.1 glyphicons only (MIT) ----------------------------------
# folium.Map asks for a stand-alone "bootstrap-glyphicons.css" (Bootstrap 3.0.0)
# that only ever existed on a CDN. Bootstrap 3.4.1 ships the same rules inside
# dist/css/bootstrap.css: cut out the @font-face + .glyphicon* block (and keep
# only the woff2/ttf fonts) rather than loading all of Bootstrap 3 next to 5.
p="$(fetch bootstrap@3.4.1)"
mkdir -p "$STAGE/bootstrap-glyphicons/css"
{
  echo "/* Glyphicons Halflings rules cut from bootstrap@3.4.1 dist/css/bootstrap.css"
  echo "   (MIT, see LICENSE) by tools/vendor_assets.sh; font formats: woff2 + ttf. */"
  awk '
    /^@font-face \{$/ { held = $0; next_is_check = 1; next }
    next_is_check {
      next_is_check = 0
      if ($0 ~ /Glyphicons Halflings/) { on = 1; print held }
      else next
    }
    on && /^\* \{$/ { exit }
    on && /^  src: / {
      if (!done_src) {
        print "  src: url(\"../fonts/glyphicons-halflings-regular.woff2\") format(\"woff2\"), url(\"../fonts/glyphicons-halflings-regular.ttf\") format(\"truetype\");"
        done_src = 1
      }
      next
    }
    on { print }
  ' "$p/dist/css/bootstrap.css"
} > "$STAGE/bootstrap-glyphicons/css/bootstrap-glyphicons.css"
grep -q 'glyphicon-info-sign:before' "$STAGE/bootstrap-glyphicons/css/bootstrap-glyphicons.css" \
  || { echo "glyphicons extraction failed" >&2; exit 1; }
for ext in woff2 ttf; do
  put "$p/dist/fonts/glyphicons-halflings-regular.$ext" \
      "bootstrap-glyphicons/fonts/glyphicons-halflings-regular.$ext"
done
put "$p/LICENSE" bootstrap-glyphicons/LICENSE

# --- leaflet.awesome-markers@2.0.5 (MIT) ------------------------------------
p="$(fetch leaflet.awesome-markers@2.0.5)"
put "$p/dist/leaflet.awesome-markers.js" leaflet.awesome-markers/leaflet.awesome-markers.js
put "$p/dist/leaflet.awesome-markers.css" leaflet.awesome-markers/leaflet.awesome-markers.css
for f in "$p"/dist/images/*.png; do
  put "$f" "leaflet.awesome-markers/images/$(basename "$f")"
done
put "$p/LICENSE" leaflet.awesome-markers/LICENSE

# --- @fortawesome/fontawesome-free@6.2.0 (CC-BY-4.0 icons, OFL-1.1 fonts, MIT code)
p="$(fetch @fortawesome/fontawesome-free@6.2.0)"
put "$p/css/all.min.css" fontawesome-free/css/all.min.css
for f in "$p"/webfonts/*.woff2 "$p"/webfonts/*.ttf; do
  put "$f" "fontawesome-free/webfonts/$(basename "$f")"
done
put "$p/LICENSE.txt" fontawesome-free/LICENSE

# --- d3@3.5.5 (BSD-3-Clause) ------------------------------------------------
p="$(fetch d3@3.5.5)"
put "$p/d3.min.js" d3/d3.min.js
put "$p/LICENSE" d3/LICENSE

# --- leaflet.fullscreen@3.0.0 (MIT) -----------------------------------------
p="$(fetch leaflet.fullscreen@3.0.0)"
put "$p/Control.FullScreen.js" leaflet.fullscreen/Control.FullScreen.js
put "$p/Control.FullScreen.css" leaflet.fullscreen/Control.FullScreen.css
put "$p/icon-fullscreen.svg" leaflet.fullscreen/icon-fullscreen.svg
put "$p/LICENSE" leaflet.fullscreen/LICENSE

# --- @fontsource/noto-sans-arabic@5.3.0 (OFL-1.1): the Uyghur interface font --
p="$(fetch @fontsource/noto-sans-arabic@5.3.0)"
for w in 400 700; do
  put "$p/files/noto-sans-arabic-arabic-$w-normal.woff2" \
      "noto-sans-arabic/noto-sans-arabic-arabic-$w-normal.woff2"
done
put "$p/LICENSE" noto-sans-arabic/LICENSE

# --- folium (MIT): leaflet_heat.min.js from the installed wheel -------------
folium_version="$("$PYTHON" -c 'import folium; print(folium.__version__)')"
if [ "$folium_version" != "$FOLIUM_EXPECTED" ]; then
  echo "warning: folium $folium_version installed, expected $FOLIUM_EXPECTED" >&2
fi
folium_dir="$("$PYTHON" -c 'import os, folium; print(os.path.dirname(folium.__file__))')"
folium_license="$("$PYTHON" -c '
import importlib.metadata as md
d = md.distribution("folium")
print(next(d.locate_file(f) for f in d.files if f.name.startswith("LICENSE")))
')"
put "$folium_dir/templates/leaflet_heat.min.js" folium/leaflet_heat.min.js
put "$folium_license" folium/LICENSE
# leaflet_heat.min.js bundles Leaflet.heat + simpleheat (BSD-2-Clause); keep that
# license too, taken from the leaflet.heat package.
p="$(fetch leaflet.heat@0.2.0)"
put "$p/LICENSE" folium/LICENSE.leaflet.heat

# --- local: tiny files written for this project -----------------------------
mkdir -p "$STAGE/local"
cat > "$STAGE/local/leaflet-imagepath.js" <<'EOF'
/* Written for this project (not upstream code). Loaded right after leaflet.js.
   Leaflet guesses the marker-icon folder from leaflet.css; in st_folium that CSS
   is attached after the scripts run, so the guess fails. Point it at the
   vendored images explicitly. */
if (window.L && L.Icon && L.Icon.Default) {
  L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/";
}
EOF
{
  echo "/* Written for this project: equivalent of folium's leaflet.awesome.rotate.min.css,"
  echo "   which is only published on a CDN. folium.Icon(angle=N) adds class fa-rotate-N. */"
  for i in $(seq 1 360); do
    echo ".fa-rotate-$i{-ms-transform:rotate(${i}deg);-webkit-transform:rotate(${i}deg);transform:rotate(${i}deg)}"
  done
} > "$STAGE/local/leaflet.awesome.rotate.min.css"
cat > "$STAGE/local/LICENSE" <<'EOF'
The files in this folder were written for this project (they are generated by
tools/vendor_assets.sh) and are released under the MIT License:

Copyright (c) the project's authors

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
EOF

# --- swap the staged folders in ----------------------------------------------
mkdir -p "$VENDOR"
for d in "${MANAGED[@]}"; do
  [ -d "$STAGE/$d" ] || { echo "missing staged folder $d" >&2; exit 1; }
  rm -rf "${VENDOR:?}/$d"
  cp -R "$STAGE/$d" "$VENDOR/$d"
done
chmod -R u+rwX,go+rX "$VENDOR"

echo "done: $(du -sh "$VENDOR" | cut -f1) in $VENDOR"
