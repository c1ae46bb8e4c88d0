#!/usr/bin/env bash
# Reproduce the third-party files the web UI ships in dossier/web/static/vendor/.
# The UI loads nothing from the internet at run time; this script is the only place
# these files come from. Needs npm (registry access) and nothing else.
#
#   scripts/vendor_web.sh
#
# Copies only what the page loads (no source maps, no sources) plus each package's
# licence, and writes VERSIONS with the exact versions and sha256 sums.
set -euo pipefail

LEAFLET_VERSION=1.9.4
CYTOSCAPE_VERSION=3.34.4

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/dossier/web/static/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

npm install --prefix "$tmp" --no-save --no-audit --no-fund --ignore-scripts --silent \
    "leaflet@$LEAFLET_VERSION" "cytoscape@$CYTOSCAPE_VERSION" >/dev/null

mods="$tmp/node_modules"
rm -rf "$dest/leaflet" "$dest/cytoscape"
mkdir -p "$dest/leaflet/images" "$dest/cytoscape"

cp "$mods/leaflet/dist/leaflet.js" "$mods/leaflet/dist/leaflet.css" "$dest/leaflet/"
cp "$mods/leaflet/dist/images/"*.png "$dest/leaflet/images/"
cp "$mods/leaflet/LICENSE" "$dest/leaflet/LICENSE"

cp "$mods/cytoscape/dist/cytoscape.min.js" "$dest/cytoscape/"
cp "$mods/cytoscape/LICENSE" "$dest/cytoscape/LICENSE"

# The minified bundles end with a sourceMappingURL comment; the maps are not shipped,
# so drop the comment to keep browsers from asking for them.
sed -i -e '/^\/\/# sourceMappingURL=/d' "$dest/leaflet/leaflet.js" "$dest/cytoscape/cytoscape.min.js"

leaflet_got="$(node -p "require('$mods/leaflet/package.json').version")"
cytoscape_got="$(node -p "require('$mods/cytoscape/package.json').version")"
{
    echo "# written by scripts/vendor_web.sh; do not edit"
    echo "leaflet $leaflet_got (BSD-2-Clause) https://www.npmjs.com/package/leaflet"
    echo "cytoscape $cytoscape_got (MIT) https://www.npmjs.com/package/cytoscape"
    echo
    (cd "$dest" && find leaflet cytoscape -type f | LC_ALL=C sort | xargs sha256sum)
} > "$dest/VERSIONS"

echo "vendored into $dest:"
(cd "$dest" && find . -type f | LC_ALL=C sort | xargs du -b | awk '{printf "  %8d  %s\n", $1, $2}')
