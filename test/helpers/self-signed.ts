// A throwaway key and self-signed certificate for 127.0.0.1 (made for the tests, valid to 2126):
// an https server with them is one whose certificate a client refuses in the handshake, before a
// byte of a request is sent (test/e2e/response-url-no-answer, test/unit/slack/certificate-not-retried).
export const SELF_SIGNED = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmEqDHF5j1ECitS6d
1dBgyDNR4YJJU6gXuR5NL/gPR2+hRANCAARo6T4Pt1DnLgsFrDC2X74NwnoXwo+S
naGc/1Ni1L53k/rehK1nju/W4mCBPL/DhRoKferC0wCxSjvkVpdQYB3z
-----END PRIVATE KEY-----`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBfzCCASWgAwIBAgIUDjTqHpQRUTeqsx4jHpXgWGEipG4wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwNTAxMDQzMFoYDzIxMjYxMTEx
MDEwNDMwWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARo6T4Pt1DnLgsFrDC2X74NwnoXwo+SnaGc/1Ni1L53k/rehK1nju/W
4mCBPL/DhRoKferC0wCxSjvkVpdQYB3zo1MwUTAdBgNVHQ4EFgQUYJxQWDcurg5u
EzA3/adqqWK3v2gwHwYDVR0jBBgwFoAUYJxQWDcurg5uEzA3/adqqWK3v2gwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiAqKf6bwx5fg9NsqNPox+Zu
KJl4QMtBb9YplFg36UKyBwIhAPTxuuKpVmZgJTM9VilgbXCs9LPhP4cJ+EnFdvv7
m+Ib
-----END CERTIFICATE-----`,
};
