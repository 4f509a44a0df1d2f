/**
 * Who may call the admin routes, as far as the service stores it: the admin API keys it made
 * itself, kept as hashes so that every replica on one database accepts them. Checking a presented
 * key and which routes need one are the web adapter's; keys from the configuration are never stored.
 */
package forecast.domain.access;
