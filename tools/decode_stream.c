// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: read a v1 migration stream and show it, hwinfo decoded.
 */
#include <errno.h>
#include <string.h>

#include "decode_stream.h"
#include "mig_feed.h"
#include "vfio_ap_mig_rules.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* read() sizes: small enough to exercise the incremental parser as the kernel does */
#define CTL_STREAM_CHUNK 4096

int ctl_stream_read(FILE *fp, struct vfio_ap_mig_parser *p, struct vfio_ap_mig_config *cfg)
{
	u8 chunk[CTL_STREAM_CHUNK];
	size_t n;
	int ret;

	vfio_ap_mig_parser_init(p);
	for (;;) {
		n = fread(chunk, 1, sizeof(chunk), fp);
		if (n) {
			ret = mig_parser_feed(p, chunk, n);
			if (ret)
				return ret;
		}
		if (n < sizeof(chunk)) {
			if (ferror(fp)) {
				if (!errno)
					errno = EIO;
				return -EIO;
			}
			break;
		}
	}
	return vfio_ap_mig_parser_finish(p, cfg);
}

void ctl_stream_reason(const struct vfio_ap_mig_parser *p, char *buf, size_t size)
{
	vfio_ap_mig_stream_format(vfio_ap_mig_parser_status(p), buf, size);
}

/*
 * This file needs only the core and jansson (the fuzz harness links it
 * alone), so it has its own small mask and JSON helpers.
 */
static int json_set(json_t *obj, const char *key, json_t *value)
{
	if (!value)
		return -ENOMEM;
	return json_object_set_new(obj, key, value) ? -ENOMEM : 0;
}

static json_t *mask_json(const struct vfio_ap_mig_mask *m)
{
	json_t *a = json_array();
	u32 id;

	if (!a)
		return NULL;
	for (id = 0; id < VFIO_AP_MIG_MAX_IDS; id++) {
		if (vfio_ap_mig_mask_test(m, id) && json_array_append_new(a, json_integer(id))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/*
 * "03,05-07" (adapters, @width 2) or "0003,0005-0007" (domains, @width 4):
 * hexadecimal as in an APQN, as every vfio-ap-ctl screen prints ID lists,
 * or "-" when empty; never truncates
 */
static const char *mask_text(const struct vfio_ap_mig_mask *m, int width,
			     char buf[DECODE_IDLIST_LEN])
{
	size_t len = 0;
	u32 id, end;

	buf[0] = '\0';
	for (id = 0; id < VFIO_AP_MIG_MAX_IDS; id++) {
		if (!vfio_ap_mig_mask_test(m, id))
			continue;
		for (end = id; end + 1 < VFIO_AP_MIG_MAX_IDS && vfio_ap_mig_mask_test(m, end + 1);)
			end++;
		if (end == id)
			len += (size_t)snprintf(buf + len, DECODE_IDLIST_LEN - len, "%s%0*x",
						len ? "," : "", width, id);
		else
			len += (size_t)snprintf(buf + len, DECODE_IDLIST_LEN - len, "%s%0*x-%0*x",
						len ? "," : "", width, id, width, end);
		id = end;
	}
	return len ? buf : "-";
}

static void apqn_text(u16 apqn, char buf[8])
{
	snprintf(buf, 8, "%02x.%04x", VFIO_AP_MIG_APQN_CARD(apqn), VFIO_AP_MIG_APQN_DOMAIN(apqn));
}

/* GR2 bits 0-7, in bit order; @mode says which list (facilities, modes) a bit is in */
struct hw_flag {
	unsigned int bit;
	const char *name;	/* text */
	const char *key;	/* JSON */
	bool mode;		/* a mode, else a facility */
};

static const struct hw_flag hw_flags[] = {
	{ VFIO_AP_HW_APSC_BIT, "APSC", "apsc", false },
	{ VFIO_AP_HW_AP4KM_BIT, "AP4KM", "ap4km", false },
	{ VFIO_AP_HW_AP4KC_BIT, "AP4KC", "ap4kc", false },
	{ VFIO_AP_HW_CCA_BIT, "CCA", "cca", true },
	{ VFIO_AP_HW_ACCEL_BIT, "accelerator", "accel", true },
	{ VFIO_AP_HW_EP11_BIT, "EP11", "ep11", true },
	{ VFIO_AP_HW_APXA_BIT, "APXA", "apxa", false },
	{ VFIO_AP_HW_SLCF_BIT, "SLCF", "slcf", false },
};

#define N_HW_FLAGS ARRAY_SIZE(hw_flags)

static const char *const bind_state_names[] = {
	"usable", "usable, no secure key", "available for binding", "unusable",
};

/* raw AP types the 6.12 AP bus knows (ap_bus.h AP_DEVICE_TYPE_CEX4..8) */
static const char *ap_type_name(u32 at)
{
	static const char *const names[] = { "CEX4", "CEX5", "CEX6", "CEX7", "CEX8" };

	if (at >= 10 && at < 10 + ARRAY_SIZE(names))
		return names[at - 10];
	if (at > 14)
		return "newer than CEX8";
	return "unsupported";
}

static bool hw_bit(u64 hwinfo, unsigned int bit)
{
	return vfio_ap_hw_field(hwinfo, bit, 1);
}

/* the set flags of one kind, blank-separated, or "none" */
static const char *hw_flag_list(u64 hwinfo, bool mode, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < N_HW_FLAGS; i++) {
		if (hw_flags[i].mode != mode || !hw_bit(hwinfo, hw_flags[i].bit))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "",
					hw_flags[i].name);
		if (len >= size)
			break;
	}
	return buf[0] ? buf : "none";
}

static const char *class_text(u32 cls, char *buf, size_t size)
{
	const char *what;

	if (cls & VFIO_AP_HW_CLASS_NATIVE)
		what = "full native function";
	else if (cls & VFIO_AP_HW_CLASS_STATELESS)
		what = "stateless functions only";
	else
		what = "no function class";
	snprintf(buf, size, "0x%02x (%s%s)", cls, what,
		 cls & VFIO_AP_HW_CLASS_OTHER ? ", other bits set" : "");
	return buf;
}

void ctl_hwinfo_print(u64 hwinfo, const char *indent, FILE *fp)
{
	u32 ml = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_ML_BIT, 4);
	u32 qd = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_QD_BIT, 4);
	u32 at = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_AT_BIT, 8);
	u32 bs = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_BS_BIT, 2);
	char buf[128];

	fprintf(fp, "%sFacilities:         %s\n", indent,
		hw_flag_list(hwinfo, false, buf, sizeof(buf)));
	fprintf(fp, "%sMode:               %s\n", indent,
		hw_flag_list(hwinfo, true, buf, sizeof(buf)));
	fprintf(fp, "%sClass:              %s\n", indent,
		class_text(vfio_ap_hw_field(hwinfo, VFIO_AP_HW_CLASS_BIT, 8), buf, sizeof(buf)));
	fprintf(fp, "%sBind state:         %u (%s)\n", indent, bs, bind_state_names[bs]);
	fprintf(fp, "%sAP type:            %u (%s)\n", indent, at, ap_type_name(at));
	fprintf(fp, "%sMax message length: %u bytes (ml %u%s)\n", indent,
		vfio_ap_hw_max_msg_bytes(hwinfo), ml, ml ? "" : ", default");
	fprintf(fp, "%sQueue depth:        %u (qd %u)\n", indent, qd + 1, qd);
	fprintf(fp, "%sNumber of domains:  %u\n", indent,
		vfio_ap_hw_field(hwinfo, VFIO_AP_HW_ND_BIT, 8));
}

void ctl_decode_print(const struct vfio_ap_mig_config *cfg, FILE *fp)
{
	char ids[DECODE_IDLIST_LEN], apqn[8];
	u32 i;

	fprintf(fp, "Format:             vfio_ap migration stream, version %u\n",
		VFIO_AP_MIG_VERSION);
	fprintf(fp, "Size:               %zu bytes (header %u, flags 0x00000000)\n",
		vfio_ap_mig_stream_size(cfg->num_queues), VFIO_AP_MIG_HDR_LEN);
	fprintf(fp, "CRC-32:             0x%08x (valid)\n", cfg->crc);
	fprintf(fp, "Queues:             %u\n", cfg->num_queues);
	fprintf(fp, "Adapters:           %s\n", mask_text(&cfg->apm, 2, ids));
	fprintf(fp, "Usage domains:      %s\n", mask_text(&cfg->aqm, 4, ids));
	fprintf(fp, "Control domains:    %s\n", mask_text(&cfg->adm, 4, ids));
	for (i = 0; i < cfg->num_queues; i++) {
		u16 q = vfio_ap_mig_config_apqn(cfg, i);
		u64 hw = vfio_ap_mig_config_hwinfo(cfg, i);

		struct vfio_ap_mig_irq irq;

		apqn_text(q, apqn);
		fprintf(fp, "\nQueue %s: hwinfo 0x%016llx\n", apqn, (unsigned long long)hw);
		ctl_hwinfo_print(hw, "  ", fp);
		vfio_ap_mig_config_irq(cfg, i, &irq);
		if (irq.enabled)
			fprintf(fp, "  Interrupts:         on (ISC %u, indicator at 0x%016llx)\n",
				irq.isc, (unsigned long long)irq.nib);
		else
			fprintf(fp, "  Interrupts:         off\n");
	}
}

/* {"enabled": false} or {"enabled": true, "isc": N, "nib": "0x..."} */
static json_t *irq_json(const struct vfio_ap_mig_config *cfg, u32 i)
{
	struct vfio_ap_mig_irq irq;
	json_t *o = json_object();
	char hex[19];

	vfio_ap_mig_config_irq(cfg, i, &irq);
	if (!o || json_set(o, "enabled", json_boolean(irq.enabled)))
		goto fail;
	if (!irq.enabled)
		return o;
	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)irq.nib);
	if (json_set(o, "isc", json_integer(irq.isc)) || json_set(o, "nib", json_string(hex)))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *hw_flag_array(u64 hwinfo, bool mode)
{
	json_t *a = json_array();
	size_t i;

	if (!a)
		return NULL;
	for (i = 0; i < N_HW_FLAGS; i++) {
		if (hw_flags[i].mode != mode || !hw_bit(hwinfo, hw_flags[i].bit))
			continue;
		if (json_array_append_new(a, json_string(hw_flags[i].key))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *ctl_hwinfo_json(u64 hwinfo)
{
	u32 ml = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_ML_BIT, 4);
	u32 qd = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_QD_BIT, 4);
	u32 at = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_AT_BIT, 8);
	u32 bs = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_BS_BIT, 2);
	u32 cls = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_CLASS_BIT, 8);
	u32 nd = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_ND_BIT, 8);
	json_t *o = json_object();
	char hex[19];

	if (!o)
		return NULL;
	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)hwinfo);
	if (json_set(o, "hwinfo", json_string(hex)) ||
	    json_set(o, "facilities", hw_flag_array(hwinfo, false)) ||
	    json_set(o, "modes", hw_flag_array(hwinfo, true)) ||
	    json_set(o, "class", json_integer(cls)) ||
	    json_set(o, "class_native", json_boolean(cls & VFIO_AP_HW_CLASS_NATIVE)) ||
	    json_set(o, "class_stateless", json_boolean(cls & VFIO_AP_HW_CLASS_STATELESS)) ||
	    json_set(o, "bind_state", json_integer(bs)) ||
	    json_set(o, "ap_type", json_integer(at)) ||
	    json_set(o, "ap_type_name", json_string(ap_type_name(at))) ||
	    json_set(o, "ml", json_integer(ml)) ||
	    json_set(o, "max_msg_size", json_integer(vfio_ap_hw_max_msg_bytes(hwinfo))) ||
	    json_set(o, "qd", json_integer(qd)) ||
	    json_set(o, "queue_depth", json_integer(qd + 1)) ||
	    json_set(o, "num_domains", json_integer(nd))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *queue_json(const struct vfio_ap_mig_config *cfg, u32 i)
{
	u16 q = vfio_ap_mig_config_apqn(cfg, i);
	json_t *o = json_object(), *hw;
	const char *key;
	char apqn[8];
	json_t *val;

	if (!o)
		return NULL;
	apqn_text(q, apqn);
	if (json_set(o, "apqn", json_string(apqn)) ||
	    json_set(o, "adapter", json_integer(VFIO_AP_MIG_APQN_CARD(q))) ||
	    json_set(o, "domain", json_integer(VFIO_AP_MIG_APQN_DOMAIN(q))))
		goto fail;
	hw = ctl_hwinfo_json(vfio_ap_mig_config_hwinfo(cfg, i));
	if (!hw)
		goto fail;
	json_object_foreach(hw, key, val) {
		if (json_object_set(o, key, val)) {
			json_decref(hw);
			goto fail;
		}
	}
	json_decref(hw);
	if (json_set(o, "irq", irq_json(cfg, i)))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

int ctl_decode_json(const struct vfio_ap_mig_config *cfg, json_t *doc)
{
	json_int_t size = (json_int_t)vfio_ap_mig_stream_size(cfg->num_queues);
	json_t *queues;
	u32 i;

	if (json_set(doc, "version", json_integer(VFIO_AP_MIG_VERSION)) ||
	    json_set(doc, "header_len", json_integer(VFIO_AP_MIG_HDR_LEN)) ||
	    json_set(doc, "flags", json_integer(0)) ||
	    json_set(doc, "size", json_integer(size)) ||
	    json_set(doc, "crc32", json_integer(cfg->crc)) ||
	    json_set(doc, "num_queues", json_integer(cfg->num_queues)) ||
	    json_set(doc, "adapters", mask_json(&cfg->apm)) ||
	    json_set(doc, "domains", mask_json(&cfg->aqm)) ||
	    json_set(doc, "control_domains", mask_json(&cfg->adm)))
		return -ENOMEM;
	queues = json_array();
	if (json_set(doc, "queues", queues))
		return -ENOMEM;
	for (i = 0; i < cfg->num_queues; i++)
		if (json_array_append_new(queues, queue_json(cfg, i)))
			return -ENOMEM;
	return 0;
}
