#!/usr/bin/env bash
# Checks `make install` and `make uninstall` in scratch DESTDIRs, with the default PREFIX and with
# /opt/brinkwatch: every file in its place with its mode and PREFIX's paths in it, the installed
# binary accepting the installed configuration, the unit passing `systemd-analyze verify` and
# scoring 2.0 or less with `systemd-analyze security`, the bash completion loading, an edited
# configuration surviving a reinstall and an uninstall, and nothing else left behind.
# Prints one PASS or FAIL line at the end; exits 1 when a check failed.
set -uo pipefail
cd "$(dirname "$0")/.."

checks=0
failures=0
scores=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*"; }
expect() {  # expect DESCRIPTION COMMAND...: one check, passing when the command succeeds
    local what=$1; shift
    if "$@"; then pass; else fail "$what"; fi
}

# Runs make quietly; shows its output only when it fails.
make_in() {  # make_in LOG TARGET DESTDIR PREFIX
    if make --no-print-directory "$2" DESTDIR="$3" PREFIX="$4" >"$1" 2>&1; then return 0; fi
    sed 's/^/    /' "$1"
    return 1
}

# The files install places, relative to DESTDIR, each with its mode.
expected_files() {  # expected_files PREFIX
    local prefix=$1 file
    echo "0755 $prefix/bin/brinkwatch"
    echo "0644 $prefix/lib/systemd/system/brinkwatch.service"
    for file in config/classifier/*.toml config/classifier/README.md; do
        echo "0644 $prefix/share/brinkwatch/classifier/${file##*/}"
    done
    echo "0644 $prefix/share/doc/brinkwatch/README.md"
    echo "0644 $prefix/share/doc/brinkwatch/ARCHITECTURE.md"
    echo "0644 $prefix/share/bash-completion/completions/brinkwatch"
    echo "0644 $prefix/share/zsh/site-functions/_brinkwatch"
    echo "0644 $prefix/share/fish/vendor_completions.d/brinkwatch.fish"
    echo "0644 $prefix/share/man/man1/brinkwatch.1"
    echo "0644 /etc/brinkwatch/brinkwatch.toml"
}

check_files() {  # check_files DESTDIR PREFIX
    local dest=$1 prefix=$2 mode path actual
    while read -r mode path; do
        if [ ! -f "$dest$path" ]; then fail "$path: not installed"; continue; fi
        actual=$(stat -c %04a "$dest$path")
        if [ "$actual" = "$mode" ]; then pass; else fail "$path: mode $actual, expected $mode"; fi
    done < <(expected_files "$prefix")
    expect "files under DESTDIR other than those expected" \
        [ "$(find "$dest" ! -type d | wc -l)" -eq "$(expected_files "$prefix" | wc -l)" ]
    expect "directories not all mode 0755" [ -z "$(find "$dest" -mindepth 1 -type d ! -perm 0755)" ]
    expect "installed binary differs from .build/release/brinkwatch" \
        cmp -s .build/release/brinkwatch "$dest$prefix/bin/brinkwatch"
}

check_contents() {  # check_contents DESTDIR PREFIX
    local dest=$1 prefix=$2
    local unit=$dest$prefix/lib/systemd/system/brinkwatch.service config=$dest/etc/brinkwatch/brinkwatch.toml
    expect "unit: ExecStart does not run $prefix/bin/brinkwatch" \
        grep -qxF "ExecStart=$prefix/bin/brinkwatch run --config /etc/brinkwatch/brinkwatch.toml" "$unit"
    expect "unit: Documentation does not name $prefix/share/doc/brinkwatch" \
        grep -qxF "Documentation=file://$prefix/share/doc/brinkwatch/README.md" "$unit"
    expect "config: classifier is not $prefix/share/brinkwatch/classifier" \
        grep -qxF "classifier = \"$prefix/share/brinkwatch/classifier\"" "$config"
    if [ "$prefix" != /usr/local ]; then
        expect "unit or config still names /usr/local" \
            bash -c '! grep -v "^#" "$1" "$2" | grep -q /usr/local/' _ "$unit" "$config"
    fi
    expect "zsh completion does not start with #compdef brinkwatch" \
        grep -qx "#compdef brinkwatch" <(head -n 1 "$dest$prefix/share/zsh/site-functions/_brinkwatch")
    expect "fish completion completes no brinkwatch command" \
        grep -qF "complete -c 'brinkwatch'" "$dest$prefix/share/fish/vendor_completions.d/brinkwatch.fish"
    local page=$dest$prefix/share/man/man1/brinkwatch.1
    expect "manual page does not name $prefix/share/brinkwatch/classifier/" \
        grep -qxF ".It Pa $prefix/share/brinkwatch/classifier/" "$page"
    if command -v groff >/dev/null; then
        local warnings
        warnings=$(groff -mdoc -Tutf8 -ww -z "$page" 2>&1)
        if [ -z "$warnings" ]; then pass; else fail "manual page: groff warns: $warnings"; fi
    fi
    local registered
    registered=$(bash -c 'source "$1" && complete -p brinkwatch' _ \
        "$dest$prefix/share/bash-completion/completions/brinkwatch" 2>&1)
    if [[ $registered == complete*" brinkwatch" ]]; then pass; else
        fail "bash completion: complete -p brinkwatch gave: $registered"
    fi
}

# The installed binary on the installed configuration, with the knowledge path moved under
# DESTDIR (the other paths are only named, not opened, by check-config).
check_config() {  # check_config DESTDIR PREFIX
    local dest=$1 prefix=$2 copy=$work/check-config.toml output
    sed "s|^classifier = \"$prefix/|classifier = \"$dest$prefix/|" "$dest/etc/brinkwatch/brinkwatch.toml" >"$copy"
    if output=$("$dest$prefix/bin/brinkwatch" check-config --config "$copy" 2>&1); then
        expect "check-config did not use the installed knowledge" \
            grep -qxF "knowledge:   $dest$prefix/share/brinkwatch/classifier" <<<"$output"
    else
        fail "check-config on the installed configuration: $(head -n 3 <<<"$output")"
    fi
}

# systemd-analyze with --root needs what the unit runs inside that root: the installed tree
# (hard links where the file system allows) plus /bin/kill for ExecReload. A unit outside
# systemd's search path is linked from /etc/systemd/system, as `systemctl link` would (with a
# relative link: an absolute one would point outside the root).
check_unit() {  # check_unit DESTDIR PREFIX
    local dest=$1 prefix=$2 root=$work/root output score
    if ! command -v systemd-analyze >/dev/null; then
        echo "skipped: systemd-analyze is not installed (scripts/install-deps.sh installs it)"
        return
    fi
    rm -rf "$root"
    cp -al "$dest" "$root" 2>/dev/null || cp -a "$dest" "$root"
    mkdir -p "$root/usr/bin"
    cp "$(type -P kill)" "$root/usr/bin/kill"
    [ -e "$root/bin" ] || ln -s usr/bin "$root/bin"
    local unit=$prefix/lib/systemd/system/brinkwatch.service
    if [ "$prefix" != /usr/local ] && [ "$prefix" != /usr ]; then
        mkdir -p "$root/etc/systemd/system"
        ln -s "../../..$unit" "$root/etc/systemd/system/brinkwatch.service"
    fi
    output=$(systemd-analyze verify --recursive-errors=no --root="$root" brinkwatch.service 2>&1)
    if [ $? -eq 0 ] && [ -z "$output" ]; then pass; else fail "systemd-analyze verify: $output"; fi
    output=$(systemd-analyze security --offline=true --threshold=20 --root="$root" brinkwatch.service 2>&1)
    score=$(sed -n 's/.*Overall exposure level for brinkwatch.service: \([0-9.]*\).*/\1/p' <<<"$output")
    if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
        pass
        echo "security exposure ($prefix): $score"
        scores+=("$score")
    else
        fail "systemd-analyze security: score '${score:-none}' is above 2.0 or missing"
    fi
}

check_prefix() {  # check_prefix PREFIX EDIT(yes|no)
    local prefix=$1 edit=$2 dest=$work/dest${1//\//-} log=$work/make.log
    echo "PREFIX=$prefix, DESTDIR=$dest"
    mkdir -p "$dest"
    if ! make_in "$log" install "$dest" "$prefix"; then fail "make install PREFIX=$prefix"; return; fi
    pass
    check_files "$dest" "$prefix"
    check_contents "$dest" "$prefix"
    check_config "$dest" "$prefix"
    check_unit "$dest" "$prefix"

    local config=$dest/etc/brinkwatch/brinkwatch.toml
    if [ "$edit" = yes ]; then
        echo "# edited by the operator" >>"$config"
        if make_in "$log" install "$dest" "$prefix"; then pass; else fail "second make install PREFIX=$prefix"; fi
        expect "a second make install overwrote the edited configuration" \
            grep -qxF "# edited by the operator" "$config"
    fi
    if ! make_in "$log" uninstall "$dest" "$prefix"; then fail "make uninstall PREFIX=$prefix"; return; fi
    pass
    local left
    left=$(cd "$dest" && find . ! -type d | sed 's|^\.||')
    if [ "$edit" = yes ]; then
        expect "uninstall did not say it kept the edited configuration" \
            grep -q "^kept $dest/etc/brinkwatch/brinkwatch.toml" "$log"
        if [ "$left" = /etc/brinkwatch/brinkwatch.toml ]; then pass; else
            fail "after uninstall, expected only the edited configuration, found: ${left:-nothing}"
        fi
    elif [ -z "$left" ]; then pass; else
        fail "after uninstall, left behind: $left"
    fi
    local dir
    for dir in "$prefix/share/brinkwatch" "$prefix/share/doc/brinkwatch"; do
        expect "uninstall left the directory $dir" [ ! -e "$dest$dir" ]
    done
    [ "$edit" = yes ] || expect "uninstall left /etc/brinkwatch" [ ! -e "$dest/etc/brinkwatch" ]
}

check_prefix /usr/local yes
check_prefix /opt/brinkwatch no

scope="PREFIX /usr/local and /opt/brinkwatch"
[ ${#scores[@]} -gt 0 ] && scope+=", security exposure ${scores[*]}"
if [ "$failures" -eq 0 ]; then
    echo "check-install: PASS ($checks checks; $scope)"
else
    echo "check-install: FAIL ($failures of $checks checks failed; $scope)"
    exit 1
fi
