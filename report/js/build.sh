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

# npm ci installs exactly the locked versions (uplot, esbuild) and nothing else.
npm ci --no-audit --no-fund

out=../assets
mkdir -p "$out"

# esbuild drops uPlot's "/**" copyright header when minifying, so the MIT
# notice the licence asks for is put back as a banner.
./node_modules/.bin/esbuild src/main.js \
	--bundle \
	--minify \
	--format=iife \
	--target=es2019 \
	--charset=ascii \
	--legal-comments=none \
	--banner:js="/*! cartelsim report; bundles uPlot 1.6.32 (c) 2022 Leon Sorokin, MIT licence */" \
	--outfile="$out/report.js"

{
	printf '/*! uPlot 1.6.32 (c) 2022 Leon Sorokin, MIT licence */\n'
	cat node_modules/uplot/dist/uPlot.min.css
	printf '\n'
} >"$out/report.css"

ls -l "$out"
