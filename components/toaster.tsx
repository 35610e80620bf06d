"use client";
import { Toaster as Sonner } from "sonner";

/** Toasts follow the system theme like the rest of the app. Call `toast()` from "sonner" anywhere. */
export function Toaster() {
  return <Sonner theme="system" position="bottom-right" richColors closeButton />;
}
