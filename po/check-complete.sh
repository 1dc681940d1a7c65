#!/bin/sh
# check-complete.sh SOURCE_ROOT LANG... : each translation in po/ translates every string the
# sources listed in po/POTFILES.in have now (a template made here with xgettext, as the build's
# astrix-assist-pot target makes it), with no fuzzy entry.
set -u
top=$1; shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top" || exit 1
grep -v '^#' po/POTFILES.in | grep . > "$tmp/files"
xgettext --package-name=astrix-assist --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  -f "$tmp/files" -o "$tmp/app.pot" || exit 1
status=0
for lang in "$@"; do
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "po/$lang.po" "$tmp/app.pot" || exit 1
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  case $stats in
    *untranslated*|*fuzzy*)
      echo "$lang: strings of the app are not translated:"
      msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -A1 '^msgid' | head -20
      status=1 ;;
  esac
done
exit $status
