import { Injectable, Logger } from '@nestjs/common';
import { isPrivateIp } from './client-info';

export interface GeoLocation {
  /** ISO 3166-1 alpha-2. */
  country: string;
  city: string | null;
}

interface GeoIpLite {
  lookup(ip: string): { country?: string; city?: string } | null;
}

/**
 * Country and city from an IP with the GeoLite2 database shipped inside the `geoip-lite` package
 * (no download at install or run time). The database (~150 MB in memory) is loaded on the first
 * public address, never for local ones.
 */
@Injectable()
export class GeoIpService {
  private readonly logger = new Logger(GeoIpService.name);
  private db: GeoIpLite | null | undefined;

  lookup(ip: string | null): GeoLocation | null {
    if (!ip || isPrivateIp(ip)) return null;
    const db = this.load();
    if (!db) return null;
    try {
      const hit = db.lookup(ip);
      if (!hit?.country || !/^[A-Z]{2}$/.test(hit.country)) return null;
      return { country: hit.country, city: hit.city ? hit.city.slice(0, 100) : null };
    } catch {
      return null;
    }
  }

  private load(): GeoIpLite | null {
    if (this.db !== undefined) return this.db;
    try {
      this.db = require('geoip-lite') as GeoIpLite;
    } catch (e) {
      this.logger.warn(`GeoIP database unavailable: ${(e as Error).message}`);
      this.db = null;
    }
    return this.db;
  }
}
