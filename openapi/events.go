package openapi

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// EventObjects returns the resources an event type's data.object can be.
func (a *API) EventObjects(eventType string) []string {
	return a.events[eventType]
}

// betaSpec is the part of spec3.beta.sdk.json that names each event's payload.
type betaSpec struct {
	Components struct {
		Schemas map[string]struct {
			Event *struct {
				Type string `json:"type"`
			} `json:"x-stripeEvent"`
			Properties struct {
				Object betaRef `json:"object"`
			} `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

type betaRef struct {
	Ref   string    `json:"$ref"`
	AnyOf []betaRef `json:"anyOf"`
}

func (r betaRef) names() []string {
	if r.Ref != "" {
		return []string{strings.TrimPrefix(r.Ref, "#/components/schemas/")}
	}
	var out []string
	for _, alt := range r.AnyOf {
		out = append(out, alt.names()...)
	}
	return out
}

// useEventTable maps event types to objects with the beta spec's x-stripeEvent
// payload schemas, keeping only GA event types and GA resources.
func (a *API) useEventTable(beta []byte) error {
	var spec betaSpec
	if err := json.Unmarshal(beta, &spec); err != nil {
		return fmt.Errorf("openapi: beta spec: %w", err)
	}
	table := map[string][]string{}
	for _, s := range spec.Components.Schemas {
		if s.Event == nil {
			continue
		}
		table[s.Event.Type] = s.Properties.Object.names()
	}
	a.assignEvents(table)
	return nil
}

// assignEvents fills a.events and each resource's EventTypes, from the table
// where it names the type and from the type's name otherwise.
func (a *API) assignEvents(table map[string][]string) {
	a.events = map[string][]string{}
	for _, r := range a.Resources {
		r.EventTypes = nil
	}
	for _, t := range a.EventTypes {
		objs, ok := table[t]
		if !ok {
			objs = a.guessEventObject(t)
		}
		for _, o := range objs {
			r := a.resources[o]
			if r == nil {
				continue
			}
			a.events[t] = append(a.events[t], o)
			r.EventTypes = append(r.EventTypes, t)
		}
	}
	for _, r := range a.Resources {
		sort.Strings(r.EventTypes)
	}
}

// guessEventObject maps "customer.subscription.updated" to "subscription" and
// "issuing_card.created" to "issuing.card" when no event table is available.
func (a *API) guessEventObject(eventType string) []string {
	segs := strings.Split(eventType, ".")
	if len(segs) < 2 {
		return nil
	}
	prefix := segs[:len(segs)-1]
	candidates := []string{
		strings.Join(prefix, "."),
		strings.Replace(strings.Join(prefix, "."), "_", ".", 1),
		prefix[len(prefix)-1],
		strings.Join(prefix, "_"),
	}
	for _, c := range candidates {
		if r := a.resources[c]; r != nil && r.DeletedOf == "" {
			return []string{c}
		}
	}
	return nil
}
