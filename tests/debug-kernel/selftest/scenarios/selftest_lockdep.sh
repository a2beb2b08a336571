# Self-test of the debug tier: a deliberate lock-order inversion (kh_selftest.c).
insmod /selftest/kh_selftest.ko bug=lockdep
rmmod kh_selftest
