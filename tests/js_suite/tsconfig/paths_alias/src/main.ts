import { serve } from "@app/service";
import { slug } from "@utils";
import { add } from "@lib/math";
import { now } from "lib/clock";
import { z } from "zod";

export function main(): void {
  serve();
  slug("A");
  add(1, now());
  z.string();
}
