# Self-test of the debug tier: a deliberate out-of-bounds read (kh_selftest.c).
insmod /selftest/kh_selftest.ko bug=oob
rmmod kh_selftest
