#!/bin/sh
# fanout lab: sudo as the lab plays it. A lab host's commands all run as the lab's own user, so this sudo only
# checks the host's own password (as sudo asks for the user's own), and then runs the command with USER and LOGNAME
# set to the user to become (root unless -u names another); becoming nobody needs no password. It takes sudo's
# options -S -n -p PROMPT -u USER, then the command.
prompt='[sudo] password: '
user=root
stdin=
noninteractive=
while [ $# -gt 0 ]; do
  case $1 in
    -S) stdin=1 ;;
    -n) noninteractive=1 ;;
    -p) prompt=$2; shift ;;
    -u) user=$2; shift ;;
    --) shift; break ;;
    -*) echo "sudo: the lab's sudo does not take $1" >&2; exit 1 ;;
    *) break ;;
  esac
  shift
done
if [ $# -eq 0 ]; then
  echo "usage: sudo [-S] [-n] [-p PROMPT] [-u USER] [--] COMMAND..." >&2
  exit 1
fi
if [ "$user" != nobody ]; then
  if [ -n "$noninteractive" ]; then
    echo "sudo: a password is required" >&2
    exit 1
  fi
  if [ -z "$stdin" ]; then
    echo "sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper" >&2
    exit 1
  fi
  want=$(grep "^$FANOUT_LAB_HOST " "$(dirname "$0")/../sudo-passwords" | cut -d ' ' -f 2)
  tries=0
  while :; do
    printf '%s' "$prompt" >&2
    if ! IFS= read -r typed; then
      echo "sudo: no password was provided" >&2
      echo "sudo: a password is required" >&2
      exit 1
    fi
    [ "$(printf '%s' "$typed" | sha256sum | cut -d ' ' -f 1)" = "$want" ] && break
    tries=$((tries + 1))
    if [ "$tries" -ge 3 ]; then
      echo "sudo: 3 incorrect password attempts" >&2
      exit 1
    fi
    echo "Sorry, try again." >&2
  done
  unset typed want
fi
SUDO_USER=$USER USER=$user LOGNAME=$user exec "$@"
