#!/usr/bin/env bash
# Lays out the root file system Jib puts under Tollgate's image (the `image` Maven profile of gate-service):
# no registry but Maven Central is reachable, so the image starts FROM scratch and brings its own base, made
# from this machine's JDK and C library:
#   /opt/java           a jlink'ed Java runtime (java.se + the few jdk.* modules the libraries use), from $JAVA_HOME
#   /lib/..., /lib64/   exactly the shared libraries that runtime links against (read from ldd), dereferenced
#   /etc/passwd, group  root and the unprivileged user tollgate (10001), who runs the service
#   /tmp, /var/lib/tollgate   writable places (the chart mounts volumes over both)
# There is no shell and no package manager in the image, and so no embedded PostgreSQL (its pg_ctl needs
# /bin/sh): the image runs against an external PostgreSQL (docs/kubernetes.md).
#
# usage: deploy/image/rootfs.sh OUTPUT_DIR     (JAVA_HOME: a JDK 21+ whose runtime can be jlink'ed)
set -euo pipefail
out="${1:?usage: rootfs.sh OUTPUT_DIR}"
java_home="${JAVA_HOME:?JAVA_HOME must point at the JDK to take the runtime from}"
modules="java.se,jdk.unsupported,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.crypto.cryptoki"

# The runtime is reused while JAVA_HOME and the module list are the same (jlink takes 10-20 s).
stamp="$java_home|$("$java_home/bin/java" -version 2>&1 | head -1)|$modules"
if [[ -f "$out.stamp" && "$(cat "$out.stamp")" == "$stamp" ]]; then
  exit 0
fi
rm -rf "$out" "$out.stamp"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/var/lib/tollgate"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$out/opt/java"

# Every shared library any ELF file of the runtime needs that the runtime does not bring itself, except those of
# the desktop's X11 and sound back ends, which a headless server never loads.
# (ldd prints "name => /path (addr)" and, for the loader, "/lib64/ld-linux-x86-64.so.2 (addr)".)
libs="$(find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) \
    ! -name libawt_xawt.so ! -name libjawt.so ! -name libsplashscreen.so ! -name libjsound.so -exec ldd {} \; 2>/dev/null \
  | awk '/=> \// {print $3} /^[[:space:]]*\/[^ ]*ld-linux/ {print $1}' | sort -u)"
[[ -n "$libs" ]] || { echo "rootfs.sh: ldd found no libraries for $out/opt/java" >&2; exit 1; }
# Also the C library's name service and gcc runtime, which code loads with dlopen (not visible to ldd).
for extra in libgcc_s.so.1 libnss_dns.so.2 libnss_files.so.2 libresolv.so.2; do
  f="$(ldconfig -p | awk -v n="$extra" '$1 == n && /x86-64/ {print $NF; exit}')"
  [[ -n "$f" ]] && libs+=$'\n'"$f"
done
while read -r lib; do
  [[ "$lib" == "$out"* ]] && continue
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done <<<"$libs"

cat >"$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
tollgate:x:10001:10001:Tollgate:/var/lib/tollgate:/sbin/nologin
PASSWD
cat >"$out/etc/group" <<'GROUP'
root:x:0:
tollgate:x:10001:
GROUP
printf 'hosts: files dns\n' >"$out/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$out/etc/hosts"
echo "$stamp" >"$out.stamp"
