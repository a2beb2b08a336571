# Self-test of the debug tier: no bug, run after a report has turned lockdep
# off; the rig must fail it because nothing could have seen a lock bug.
insmod /selftest/kh_selftest.ko bug=none
rmmod kh_selftest
