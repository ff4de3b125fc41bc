import { CartFrameHandler, ContactFrameHandler, IdentifyFrameHandler, PageFrameHandler, TrackFrameHandler } from '../visitor-feature-frames';
import { BotAnswerFrameHandler } from './bot-answer.frame-handler';
import { BotStartFrameHandler } from './bot-start.frame-handler';
import { EditFrameHandler } from './edit.frame-handler';
import { HelloFrameHandler } from './hello.frame-handler';
import { OfflineFormFrameHandler } from './offline-form.frame-handler';
import { ReadFrameHandler } from './read.frame-handler';
import { SendFrameHandler } from './send.frame-handler';
import { TypingFrameHandler } from './typing.frame-handler';

/** The web chat's visitor frame handlers (providers of WebchatModule; the VisitorFrameRegistry finds them by their decorator). */
export const VISITOR_FRAME_HANDLERS = [
  HelloFrameHandler,
  SendFrameHandler,
  TypingFrameHandler,
  ReadFrameHandler,
  EditFrameHandler,
  OfflineFormFrameHandler,
  BotStartFrameHandler,
  BotAnswerFrameHandler,
  PageFrameHandler,
  TrackFrameHandler,
  CartFrameHandler,
  ContactFrameHandler,
  IdentifyFrameHandler,
];
