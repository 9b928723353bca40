#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

/*
 * Typed, non-variadic wrappers around the variadic parts of libcurl's API.
 *
 * Swift cannot call C variadic functions such as curl_easy_setopt, so each
 * argument kind of libcurl's option tables gets one function here. Every
 * wrapper forwards its arguments unchanged and returns libcurl's result code.
 */

#include <curl/curl.h>

/* MARK: curl_easy_setopt, one wrapper per CURLOPTTYPE */

/* CURLOPTTYPE_LONG (and CURLOPTTYPE_VALUES): numbers, flags, enumerations. */
CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);

/* CURLOPTTYPE_STRINGPOINT: libcurl copies the string (except CURLOPT_POSTFIELDS). */
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);

/* CURLOPTTYPE_OBJECTPOINT / CURLOPTTYPE_SLISTPOINT / CURLOPTTYPE_CBPOINT: the pointer must outlive the transfer. */
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);

/* CURLOPTTYPE_OFF_T: sizes such as CURLOPT_MAXFILESIZE_LARGE. */
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this signature. */
CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value);

/* CURLOPT_XFERINFOFUNCTION. */
CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *handle, curl_xferinfo_callback value);

/* MARK: curl_easy_getinfo, one wrapper per CURLINFO type */

CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);

/* The string belongs to the handle and is valid until the next transfer or cleanup; copy it. */
CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);

CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

CURLcode ccurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);

/* CURLINFO_PRIVATE and other pointer-valued infos. */
CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

/* MARK: multi and share handles */

CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);

CURLSHcode ccurl_share_setopt_long(CURLSH *handle, CURLSHoption option, long value);

/* MARK: CURLMsg */

/* The result of a CURLMSG_DONE message; CURLMsg.data is a union, which Swift cannot read safely. */
CURLcode ccurl_msg_result(const CURLMsg *message);

#endif
