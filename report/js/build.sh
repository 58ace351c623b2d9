#!/bin/sh
# Builds the front end of report.html into ../assets, which is committed so
# that `go build` needs no Node. Run it after changing src/ or package.json:
#
#	sh report/js/build.sh
#
# The output depends only on package-lock.json and src/, so CI can rebuild
# and check `git diff --exit-code report/assets`.
set -eu
cd "$(dirname "$0")"

# npm ci installs exactly the locked versions (uplot, leaflet, esbuild) and
# nothing else.
npm ci --no-audit --no-fund

out=../assets
mkdir -p "$out"

# Two bundles: report.js (uPlot: line and bar charts) goes into every page;
# map.js (Leaflet: maps) only into pages that have a map, so that a page of
# charts does not carry a map library it never runs.
#
# esbuild drops uPlot's and Leaflet's copyright headers when minifying, so
# the notices their licences (MIT, BSD-2-Clause) ask for are put back as
# banners.
uplot_notice='uPlot 1.6.32 (c) 2022 Leon Sorokin, MIT licence'
leaflet_notice='Leaflet 1.9.4 (c) 2010-2023 Volodymyr Agafonkin, (c) 2010-2011 CloudMade, BSD-2-Clause licence'
bundle() {
	./node_modules/.bin/esbuild "$1" \
		--bundle \
		--minify \
		--format=iife \
		--target=es2019 \
		--charset=ascii \
		--legal-comments=none \
		--log-level=warning \
		--banner:js="$2" \
		--outfile="$3"
}
bundle src/main.js "/*! cartelsim report; bundles $uplot_notice */" "$out/report.js"
bundle src/mapmain.js "/*! cartelsim report maps; bundles $leaflet_notice */" "$out/map.js"

{
	printf '/*! %s */\n' "$uplot_notice"
	cat node_modules/uplot/dist/uPlot.min.css
	printf '\n'
} >"$out/report.css"

# Leaflet's stylesheet names image files (the layers control, the default
# marker icon, an old IE behaviour) that the report never uses and that a
# self-contained page must not try to load: those declarations are dropped.
{
	printf '/*! %s */\n' "$leaflet_notice"
	grep -v 'url(' node_modules/leaflet/dist/leaflet.css |
		./node_modules/.bin/esbuild --loader=css --minify --legal-comments=none --log-level=warning
} >"$out/map.css"

ls -l "$out"
