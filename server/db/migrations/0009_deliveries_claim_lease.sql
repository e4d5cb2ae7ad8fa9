ALTER TABLE "deliveries" ADD COLUMN "claim_token" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "lease_until" timestamp with time zone;