# Self-test of the debug tier: the control, a module load with no bug.
insmod /selftest/kh_selftest.ko bug=none
rmmod kh_selftest
