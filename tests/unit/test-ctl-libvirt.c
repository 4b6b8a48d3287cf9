// SPDX-License-Identifier: GPL-2.0-only
/*
 * ctl_libvirt_parse(): the mdevs of a libvirt status XML and the guest's
 * name, from documents shaped as libvirtd writes /run/libvirt/qemu/NAME.xml.
 */
#include <stdlib.h>
#include <string.h>

#include "ctl_libvirt.h"
#include "tap.h"

#define U1 "11111111-1111-1111-1111-111111111111"
#define U2 "22222222-2222-1222-1222-222222222222"

static int parse(const char *xml, struct ctl_guest **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	return ctl_libvirt_parse(xml, v, n);
}

int main(void)
{
	struct ctl_guest *v;
	size_t n;

	tap_is_int(parse("<domstatus state='running'>\n"
			 "  <domain type='kvm' id='3'>\n"
			 "    <name>g&lt;1&gt; &amp; &quot;x&quot; &apos;y&apos; &bogus;</name>\n"
			 "    <devices>\n"
			 "      <hostdev mode='subsystem' type='pci'><source>"
			 "<address domain='0x0000' bus='0x01'/></source></hostdev>\n"
			 "      <hostdev mode=\"subsystem\" type=\"mdev\" model=\"vfio-ap\">\n"
			 "        <source><address uuid=\"" U1 "\"/></source>\n"
			 "      </hostdev>\n"
			 "      <hostdev mode='subsystem' type='mdev' model='vfio-ap'>"
			 "<source><address uuid='2222222A-2222-1222-1222-222222222222'/>"
			 "</source></hostdev>\n"
			 "    </devices>\n"
			 "  </domain>\n"
			 "</domstatus>\n",
			 &v, &n),
		   2, "two mdev hostdevs (the pci one is not)");
	tap_is_int((long long)n, 2, "  two entries");
	tap_is_str(n > 0 ? v[0].uuid : "", U1, "  double-quoted uuid");
	tap_is_str(n > 1 ? v[1].uuid : "", "2222222a-2222-1222-1222-222222222222",
		   "  single-quoted uuid, in lower case");
	tap_is_str(n > 0 ? v[0].name : "", "g<1> & \"x\" 'y' &bogus;",
		   "  the name with XML entities decoded (an unknown one kept)");
	tap_is_str(ctl_libvirt_guest_of(v, n, "2222222a-2222-1222-1222-222222222222") ?: "",
		   "g<1> & \"x\" 'y' &bogus;", "  lookup by uuid");
	tap_ok(!ctl_libvirt_guest_of(v, n, U2), "  an mdev of no guest: NULL");
	ctl_libvirt_guests_free(v, n);

	tap_is_int(parse("<domstatus><domain type='kvm'><name>a</name>"
			 "<hostdev type='mdev'><source><address uuid='not-a-uuid'/></source>"
			 "</hostdev><hostdev type='mdev'><source/></hostdev>"
			 "<hostdev type='mdev'><source><address uuid='" U1 "'/></source></hostdev>"
			 "</domain></domstatus>",
			 &v, &n),
		   1, "a malformed uuid and a hostdev without address are skipped");
	tap_is_str(n ? v[0].name : "", "a", "  the one left");
	ctl_libvirt_guests_free(v, n);

	tap_is_int(parse("<domainsnapshot><name>s</name></domainsnapshot>", &v, &n), 0,
		   "not a domain (a <domain prefix is not enough)");
	tap_is_int(parse("<domstatus><domain type='kvm'><hostdev type='mdev'><source>"
			 "<address uuid='" U1 "'/></source></hostdev></domain></domstatus>",
			 &v, &n),
		   0, "a domain without a name: nothing");
	tap_is_int(parse("", &v, &n), 0, "an empty file: nothing");
	return tap_done();
}
