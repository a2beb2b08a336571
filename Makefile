# khttpd: top-level build.  The README names two commands:
#   make run     set up, build, boot a VM with khttpd, serve on 127.0.0.1:8081
#   make check   set up, build, run every test; ends with "N passed, N failed"
KVER ?= $(shell scripts/kver 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build
BUILD := $(CURDIR)/build
JOBS ?= $(shell nproc)

all: module user

setup:
	scripts/setup

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/module W=1 modules

module-clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/module clean

user:
	cmake -S . -B $(BUILD)/cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD)/cmake -j$(JOBS)

admin-tool:
	cmake -S . -B $(BUILD)/cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD)/cmake -j$(JOBS) --target khttpd-admin khttpd-logd

# static test tools for the guest
vm-tools:
	cmake -S tools/htstress -B $(BUILD)/static -DHTSTRESS_STATIC=ON \
		-DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD)/static -j$(JOBS)
	mkdir -p $(BUILD)/vm/tools
	cp $(BUILD)/static/htstress $(BUILD)/vm/tools/
	cmake -S . -B $(BUILD)/static-fibcheck -DFIBCHECK_STATIC=ON -DBUILD_TESTING=OFF \
		-DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD)/static-fibcheck -j$(JOBS) --target fibcheck
	cp $(BUILD)/static-fibcheck/tools/fibcheck/fibcheck $(BUILD)/vm/tools/
	$(CC) -O2 -Wall -Wextra -static -o $(BUILD)/vm/tools/httpraw \
		tests/vm/tools/httpraw.c

initramfs: module vm-tools admin-tool
	mkdir -p $(BUILD)/vm/data
	tests/vm/gen-data $(BUILD)/vm/data
	KHTTPD_VM_DATA=$(BUILD)/vm/data tests/vm/mkinitramfs $(BUILD)/vm/initramfs.cpio.gz $(KVER) \
		module/khttpd.ko $(BUILD)/vm/tools /usr/bin/curl /usr/bin/wrk \
		/usr/sbin/nginx /usr/sbin/dmsetup \
		$(BUILD)/cmake/tools/khttpd-admin/khttpd-admin=/usr/sbin/khttpd-admin \
		$(BUILD)/cmake/tools/khttpd-admin/khttpd-logd=/usr/sbin/khttpd-logd

run: setup initramfs
	tests/vm/run --shell --hostfwd $(or $(PORT),8081)

check: setup module user initramfs
	tests/run-all

check-debug: setup vm-tools admin-tool
	tests/debug-kernel/run

clean: module-clean
	rm -rf $(BUILD)

.PHONY: all setup module module-clean user admin-tool vm-tools initramfs run check \
	check-debug clean
