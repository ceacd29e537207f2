// Barrel for the UI kit. Client components ("use client" files) are safe to
// re-export here: Next keeps the client boundary at their own module.
export { cn } from "./cn";
export * from "./alert";
export * from "./badge";
export * from "./button";
export * from "./card";
export * from "./checkbox";
export * from "./copy-button";
export * from "./dialog";
export * from "./dropdown-menu";
export * from "./empty-state";
export * from "./field";
export * from "./form-message";
export * from "./input";
export * from "./label";
export * from "./nav-link";
export * from "./page-header";
export * from "./progress";
export * from "./select";
export * from "./separator";
export * from "./skeleton";
export * from "./spinner";
export * from "./submit-button";
export * from "./table";
export * from "./textarea";
export * from "./visually-hidden";
export * from "./tab-nav";
