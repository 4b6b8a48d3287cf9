// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: hwinfo from sysfs and the v1 stream of a matrix device.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_mig.h"

/* A queue's own ap_functions (live TAPQ: with the SE bind state). */
static int queue_functions(unsigned int a, unsigned int d, u32 *f)
{
	char path[128], buf[32], *end;
	unsigned long v;
	FILE *fp;

	snprintf(path, sizeof(path), "/sys/devices/ap/card%02x/%02x.%04x/ap_functions", a, a, d);
	fp = fopen(path, "re");
	if (!fp)
		return -errno;
	if (!fgets(buf, sizeof(buf), fp)) {
		fclose(fp);
		return -EIO;
	}
	fclose(fp);
	v = strtoul(buf, &end, 16);
	if (end == buf || (*end && *end != '\n') || v > 0xffffffffUL)
		return -EINVAL;
	*f = (u32)v;
	return 0;
}

int ctl_mig_hwinfo(const struct ctl_host *ch, unsigned int a, unsigned int d, u64 *hwinfo)
{
	const struct ap_card *c = ctl_host_card(ch, a);
	unsigned int nd = ch->host.max_domain_id;
	u32 f;

	if (!c || !ctl_host_has_queue(ch, a, d))
		return -ENODEV;
	/*
	 * Only a queue's own ap_functions carry the SE bind/associate state;
	 * it can be set only where the AP bus has APSB (in a Secure Execution
	 * guest), so elsewhere the card's value is the queue's.
	 */
	f = c->ap_functions;
	if (strstr(ch->host.features, "APSB") && queue_functions(a, d, &f))
		f = c->ap_functions;	/* unreadable: the card's value */
	*hwinfo = vfio_ap_hw_make(f, c->raw_hwtype < 0 ? 0 : (u32)c->raw_hwtype,
				  nd > 255 ? 255 : nd, c->max_msg_size,
				  c->depth < 0 ? 0 : (u32)c->depth);
	return 0;
}

unsigned int ctl_mig_bind_state(const struct ctl_host *ch, unsigned int a, unsigned int d)
{
	u64 hw;

	if (ctl_mig_hwinfo(ch, a, d, &hw))
		return 0;
	return vfio_ap_hw_field(hw, VFIO_AP_HW_BS_BIT, 2);
}

void ctl_mig_source(const struct ctl_host *ch, const struct ctl_mdev *m, struct ap_matrix *src)
{
	if (m->active && m->active->has_guest_matrix) {
		*src = m->active->guest;
		return;
	}
	*src = m->matrix;
}

struct build_ctx {
	const struct ctl_host *ch;
	unsigned int bad_apqn;
};

static int build_hwinfo(void *priv, u16 apqn, u64 *hwinfo)
{
	struct build_ctx *b = priv;
	int rc;

	rc = ctl_mig_hwinfo(b->ch, VFIO_AP_MIG_APQN_CARD(apqn), VFIO_AP_MIG_APQN_DOMAIN(apqn),
			    hwinfo);
	if (rc)
		b->bad_apqn = apqn;
	return rc;
}

int ctl_mig_build(const struct ctl_host *ch, const struct ap_matrix *src, u8 **buf, size_t *len,
		  unsigned int *bad_apqn)
{
	struct vfio_ap_mig_mask apm, aqm, adm;
	struct build_ctx b = { .ch = ch };
	size_t size;
	ssize_t n;

	ctl_mig_mask(&apm, &src->apm);
	ctl_mig_mask(&aqm, &src->aqm);
	ctl_mig_mask(&adm, &src->adm);
	size = vfio_ap_mig_stream_size(ap_mask_weight(&src->apm) * ap_mask_weight(&src->aqm));
	*buf = calloc(1, size);
	if (!*buf)
		return -ENOMEM;
	n = vfio_ap_mig_stream_build(&apm, &aqm, &adm, build_hwinfo, NULL, &b, *buf, size);
	if (n < 0) {
		free(*buf);
		*buf = NULL;
		if (bad_apqn)
			*bad_apqn = b.bad_apqn;
		return (int)n;
	}
	*len = (size_t)n;
	return 0;
}
