# Self-test of the debug tier: deliberate leaks (kh_selftest.c).  kmemleak
# reports only objects older than 5 s, so wait before the rig's scans; run
# last in its boot, where the rig scans twice, as kmemleak needs.
insmod /selftest/kh_selftest.ko bug=leak
rmmod kh_selftest
sleep 6
