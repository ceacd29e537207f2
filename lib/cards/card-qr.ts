import QRCode from "qrcode";
import { cardQrContent } from "./card-content";

/**
 * W1: the member card's QR code as an SVG document (no width or height: it
 * fills its box). It carries `roster-card:<token>` only; quiet zone and error
 * correction suit a phone screen held under a laptop camera.
 */
export async function cardQrSvg(token: string): Promise<string> {
  return QRCode.toString(cardQrContent(token), { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
