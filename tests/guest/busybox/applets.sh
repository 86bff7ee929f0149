# Exercises busybox applets; run as "busybox sh applets.sh" under duet and
# under the reference, whose outputs must be identical. Everything printed
# is deterministic: no times, pids or inode numbers.
set -e
dir=$(mktemp -d /tmp/duet-busybox.XXXXXX)
cd "$dir"
trap 'cd /; rm -rf "$dir"' EXIT

echo "== text"
printf '%s\n' pear apple fig apple banana cherry > fruit
cat fruit | sort | uniq -c
sort -r fruit | head -n 2
tail -n 2 fruit
wc -l < fruit
cut -c 1-3 fruit | tr 'a-z' 'A-Z' | paste -s -d ,
sed -n 's/an/AN/gp' fruit
awk '{ n[length($0)]++ } END { for (k = 3; k <= 6; k++) print k, n[k] + 0 }' fruit
grep -c a fruit
grep -n '^b' fruit
rev fruit | tac | head -n 3
nl fruit | tail -n 1
fold -w 3 fruit | head -n 4
expr 6 \* 7 + 1
seq 3 3 15 | xargs echo
printf '%05d|%-4s|%x\n' 42 ab 255
echo "x y z" | tee copy | wc -w
comm -12 fruit copy | wc -l

echo "== hashes"
seq 1 1000 > numbers
md5sum numbers
sha1sum numbers
sha256sum numbers
base64 fruit | head -n 1
od -A x -t x1 fruit | head -n 2
cmp fruit fruit && echo same

echo "== files"
mkdir -p a/b/c
touch a/b/c/leaf a/top
ln -s ../top a/b/link
readlink a/b/link
cp fruit a/b/
mv a/b/fruit a/b/fruit2
find a | sort
ls -1 a/b
basename /x/y/z.txt .txt
dirname /x/y/z.txt
stat -c '%s %F' fruit a
dd if=numbers of=part bs=100 count=3 2>/dev/null
wc -c < part
split -l 400 numbers piece_
ls piece_*
test -f fruit && test ! -e nothing && echo tests-ok
rm -r a/b/c
rmdir a/b/link 2>/dev/null || echo "rmdir refused a link"
du -s a > /dev/null && echo du-ok

echo "== archives"
tar cf bundle.tar fruit numbers
tar tf bundle.tar
gzip -9 < numbers > numbers.gz
gunzip -c numbers.gz | md5sum
zcat numbers.gz | tail -n 1
bzip2 -c fruit | bunzip2 | head -n 1
mkdir unpack && tar xf bundle.tar -C unpack && diff -q fruit unpack/fruit && echo tar-ok

echo "== shell"
x=0
for i in $(seq 1 10); do x=$((x + i)); done
echo "sum $x"
case "$(uname -m)" in arm*) echo "arm machine";; *) echo "other machine";; esac
f() { echo "args $#: $*"; return 3; }
f one two || echo "status $?"
echo "$(echo nested $(echo deeper))"
yes | head -n 3
sh -c 'exit 5' || echo "child status $?"
echo done
