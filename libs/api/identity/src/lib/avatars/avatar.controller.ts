import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ProfileService } from '../services/profile.service';

/**
 * GET /api/avatars/:operatorId?v=<version>: public (img tags, and visitors see operators' avatars).
 * The version in the URL changes with the image, so a matching request may be cached forever.
 */
@Controller('api/avatars')
export class AvatarController {
  constructor(private readonly profile: ProfileService) {}

  @Get(':operatorId')
  async get(@Param('operatorId') operatorId: string, @Query('v') v: string | undefined, @Res() res: Response): Promise<void> {
    const avatar = await this.profile.getAvatar(operatorId);
    if (!avatar) throw new NotFoundException('No avatar');
    res.setHeader('Content-Type', avatar.contentType);
    res.setHeader('Cache-Control', v === avatar.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('ETag', `"${avatar.version}"`);
    res.end(avatar.data);
  }
}
