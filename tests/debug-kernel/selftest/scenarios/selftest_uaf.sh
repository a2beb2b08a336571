# Self-test of the debug tier: a deliberate use-after-free (kh_selftest.c).
insmod /selftest/kh_selftest.ko bug=uaf
rmmod kh_selftest
