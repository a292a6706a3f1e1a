# Sourced by bin/test and bin/btcpeer: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is a JDK >= 21, else the newest JDK >= 21 in the system JVM directory.

btcpeer_java_major() {
  # Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
  local home=$1 release
  [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    release=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$release" ]; then
    release=$("$home/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
  fi
  printf '%s' "$release"
}

btcpeer_find_jdk() {
  local major best="" best_major=0 dir
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(btcpeer_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      return 0
    fi
  fi
  for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk*; do
    [ -d "$dir" ] || continue
    major=$(btcpeer_java_major "$dir")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$dir
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "btcpeer: no JDK >= 21 found (JAVA_HOME=${JAVA_HOME:-unset}, searched /usr/lib/jvm); install one, e.g. apt-get install openjdk-21-jdk-headless" >&2
    return 1
  fi
  export JAVA_HOME=$(cd "$best" && pwd -P)
}

btcpeer_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's bundled Guava calls sun.misc.Unsafe; JDK >= 24 warns about it on every run.
if [ "$(btcpeer_java_major "$JAVA_HOME")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
if ! command -v mvn >/dev/null 2>&1; then
  echo "btcpeer: Maven (mvn) not found; install it, e.g. apt-get install maven" >&2
  exit 1
fi
