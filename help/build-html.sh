#!/bin/sh
# build-html.sh YELP_BUILD ITSTOOL LANG.mo C_DIR OUT_DIR
# The help of one language as HTML: the C pages translated with the language's .mo, then
# yelp-build html of them (with the figures of the C pages, which carry no text).
set -eu
yelp_build=$1; itstool=$2; mo=$3; c_dir=$4; out=$5
pages=$(mktemp -d)
trap 'rm -rf "$pages"' EXIT
"$itstool" -m "$mo" -o "$pages" "$c_dir"/*.page "$c_dir"/*.xml
[ -d "$c_dir/figures" ] && cp -r "$c_dir/figures" "$pages/"
rm -rf "$out"
mkdir -p "$out"
"$yelp_build" html -o "$out" "$pages"
