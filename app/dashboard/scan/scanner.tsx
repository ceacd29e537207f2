"use client";

import { startTransition, useActionState, useCallback, useEffect, useRef, useState } from "react";
import { Camera, CameraOff, Search } from "lucide-react";
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Field,
  FormMessage,
  Input,
  SubmitButton,
} from "@/app/_ui";
import { parseCardToken } from "@/lib/cards/card-content";
import { lookUpCardAction, type ScanState } from "./actions";

/** The part of the Barcode Detection API used here (not yet in TypeScript's DOM library). */
type BarcodeDetectorLike = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> };
type BarcodeDetectorClass = {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
};

/** Reads one frame of the video: the text of a QR code in it, or null. */
type FrameReader = (video: HTMLVideoElement) => Promise<string | null>;

const SCAN_INTERVAL_MS = 150;

/** The browser's own QR detector (Chrome on Android and macOS, Safari), or null. */
async function nativeQrDetector(): Promise<BarcodeDetectorLike | null> {
  const Native = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Native) return null;
  try {
    const formats = (await Native.getSupportedFormats?.()) ?? ["qr_code"];
    return formats.includes("qr_code") ? new Native({ formats: ["qr_code"] }) : null;
  } catch {
    // A detector that cannot list or build its formats is as good as none: jsQR takes over.
    return null;
  }
}

/** The browser's own QR detector when it has one; otherwise jsQR on canvas frames (loaded only then). */
async function makeFrameReader(): Promise<FrameReader> {
  const detector = await nativeQrDetector();
  if (detector) {
    // A frame the detector cannot read yet (not decoded, resizing) is simply no code.
    return (video) =>
      detector.detect(video).then(
        (codes) => codes[0]?.rawValue ?? null,
        () => null,
      );
  }
  const { default: jsQR } = await import("jsqr");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    const { videoWidth: w, videoHeight: h } = video;
    if (!context || !w || !h) return null;
    // A QR code on a phone screen reads well at 640px; smaller frames keep the loop light.
    const scale = Math.min(1, 640 / Math.max(w, h));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "attemptBoth" })?.data ?? null;
  };
}

function cameraProblem(e: unknown): string {
  const name = e instanceof DOMException ? e.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "Camera access was refused. Allow the camera for this site in your browser, or type the card token below.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError")
    return "No camera was found on this device. Type the card token below.";
  if (name === "NotReadableError")
    return "The camera is in use by another app. Close it and try again, or type the card token below.";
  return "The camera could not be started. Type the card token below.";
}

const initialScanState: ScanState = { ok: false };

/**
 * W1, O2: camera scanning (BarcodeDetector, or jsQR as the fallback) and a typed token, both looked up on the server;
 * a card found opens that person's check-in view.
 */
export function Scanner() {
  const [state, lookUp, pending] = useActionState(lookUpCardAction, initialScanState);
  const videoRef = useRef<HTMLVideoElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const timerRef = useRef<number | undefined>(undefined);
  // Bumped on every stop, so a scan loop of an earlier start ends by itself.
  const runRef = useRef(0);
  const [camera, setCamera] = useState<"off" | "starting" | "on">("off");
  const [cameraMessage, setCameraMessage] = useState("");

  const stopCamera = useCallback(() => {
    runRef.current += 1;
    window.clearTimeout(timerRef.current);
    streamRef.current?.getTracks().forEach((t) => t.stop());
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setCamera("off");
  }, []);

  // Leaving the page turns the camera off.
  useEffect(() => stopCamera, [stopCamera]);

  function submitToken(token: string) {
    if (inputRef.current) inputRef.current.value = token;
    const form = new FormData();
    form.set("token", token);
    startTransition(() => lookUp(form));
  }

  async function startCamera() {
    if (!navigator.mediaDevices?.getUserMedia) {
      setCameraMessage("This browser cannot use a camera on this page. Type the card token below.");
      return;
    }
    stopCamera();
    const run = runRef.current;
    setCamera("starting");
    setCameraMessage("Starting the camera…");
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: "environment" } },
        audio: false,
      });
    } catch (e) {
      setCamera("off");
      setCameraMessage(cameraProblem(e));
      return;
    }
    const video = videoRef.current;
    if (run !== runRef.current || !video) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    streamRef.current = stream;
    video.srcObject = stream;
    try {
      await video.play();
    } catch (e) {
      stopCamera();
      setCameraMessage(cameraProblem(e));
      return;
    }
    const read = await makeFrameReader();
    if (run !== runRef.current) return;
    setCamera("on");
    setCameraMessage("Camera on. Hold the QR code of the member card in front of it.");

    const tick = async () => {
      if (run !== runRef.current) return;
      const text = video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA ? await read(video) : null;
      if (run !== runRef.current) return;
      if (text !== null) {
        const token = parseCardToken(text);
        if (token) {
          stopCamera();
          setCameraMessage("Card read. Camera off.");
          submitToken(token);
          return;
        }
        setCameraMessage("That QR code is not a Roster member card. Try the code on the member's card.");
      }
      timerRef.current = window.setTimeout(tick, SCAN_INTERVAL_MS);
    };
    void tick();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Read a card</CardTitle>
        <CardDescription>Use this device&apos;s camera, or type the token printed under the QR code.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <div className="grid gap-3">
          <video
            ref={videoRef}
            hidden={camera === "off"}
            muted
            playsInline
            aria-label="Camera preview"
            className="aspect-square w-full rounded-md border border-border bg-zinc-950 object-cover"
          />
          <div className="flex flex-wrap gap-2">
            {camera === "off" ? (
              <Button type="button" variant="outline" onClick={() => void startCamera()}>
                <Camera aria-hidden="true" /> Start camera
              </Button>
            ) : (
              <Button
                type="button"
                variant="outline"
                onClick={() => {
                  stopCamera();
                  setCameraMessage("Camera off.");
                }}
              >
                <CameraOff aria-hidden="true" /> Stop camera
              </Button>
            )}
          </div>
          <p aria-live="polite" className="min-h-5 text-xs text-muted-foreground">
            {pending ? "Looking up the card…" : cameraMessage}
          </p>
        </div>

        <form action={lookUp} className="grid gap-3" noValidate aria-busy={pending || undefined}>
          <FormMessage>{state.formError}</FormMessage>
          {state.notFound ? (
            <Alert variant="danger" title="No card found" role="alert">
              No client of this studio has this card token. Check it, or ask the client to open their card in the member
              portal: a replaced card stops working.
            </Alert>
          ) : null}
          <Field
            label="Card token"
            htmlFor="card-token"
            error={state.fieldErrors?.token}
            hint="64 letters and digits; a pasted roster-card:… code works too."
          >
            <Input
              ref={inputRef}
              name="token"
              defaultValue={state.token ?? ""}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              className="font-mono"
            />
          </Field>
          <div>
            <SubmitButton pendingLabel="Looking up…">
              <Search aria-hidden="true" /> Look up
            </SubmitButton>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
