#!/bin/sh
# check-translations.sh HELP_DIR LANG... : each language's help PO translates every text of the
# pages in HELP_DIR/C as they are now, with no fuzzy entry, and builds pages that are valid XML.
set -u
help=$1; shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
itstool -o "$tmp/help.pot" "$help"/C/*.page "$help"/C/*.xml || exit 1
status=0
for lang in "$@"; do
  po="$help/$lang/$lang.po"
  msgfmt --check -o /dev/null "$po" || { echo "$lang: $po does not compile"; status=1; continue; }
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "$po" "$tmp/help.pot"
  stats=$(LC_ALL=C msgfmt --statistics -o "$tmp/$lang.mo" "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  case $stats in
    *untranslated*|*fuzzy*)
      echo "$lang: texts of the pages are not translated:"
      msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid' | head -20
      status=1 ;;
  esac
  mkdir -p "$tmp/$lang"
  itstool -m "$tmp/$lang.mo" -o "$tmp/$lang" "$help"/C/*.page "$help"/C/*.xml || { status=1; continue; }
  for page in "$tmp/$lang"/*; do
    xmllint --noout "$page" || { echo "$lang: $(basename "$page") is not well-formed"; status=1; }
  done
done
exit $status
